package dev.vitface.cli;

import dev.vitface.classify.AnalyzedFace;
import dev.vitface.classify.FacePrediction;
import dev.vitface.faces.FaceBox;
import dev.vitface.faces.FaceLandmarks;
import dev.vitface.faces.Point;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * A photo with its analysed faces drawn on it (Java2D): each box, the four landmarks the
 * alignment uses, the face's number and its perceived labels, and a caption along the bottom.
 */
final class AnnotatedPhoto {
    private static final Color BOX = new Color(255, 196, 0);
    private static final Color LABEL_BACKGROUND = new Color(0, 0, 0, 170);

    private AnnotatedPhoto() {}

    /** A copy of {@code photo} with the faces and {@code caption} drawn on it. */
    static BufferedImage draw(BufferedImage photo, List<AnalyzedFace> faces, String caption) {
        BufferedImage out = new BufferedImage(photo.getWidth(), photo.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(photo, 0, 0, null);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            float scale = Math.max(1, Math.max(photo.getWidth(), photo.getHeight()) / 800f);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(13 * scale)));
            for (int i = 0; i < faces.size(); i++) drawFace(g, i, faces.get(i), scale, photo.getWidth());
            label(g, caption, 4 * scale, photo.getHeight() - 4 * scale, true, photo.getWidth());
        } finally {
            g.dispose();
        }
        return out;
    }

    private static void drawFace(Graphics2D g, int index, AnalyzedFace face, float scale, int imageWidth) {
        FaceBox b = face.box();
        g.setColor(BOX);
        g.setStroke(new BasicStroke(2 * scale));
        g.draw(new Rectangle2D.Double(b.x(), b.y(), b.width(), b.height()));
        FaceLandmarks l = face.landmarks();
        for (Point p : List.of(l.rightEye(), l.leftEye(), l.noseTip(), l.mouth())) {
            double r = 2.5 * scale;
            g.fill(new Ellipse2D.Double(p.x() - r, p.y() - r, 2 * r, 2 * r));
        }
        FacePrediction p = face.prediction();
        String text = String.format(Locale.ROOT, "#%d perceived: %s, %s, %s", index, p.age().label(),
                p.gender().label(), p.race().label());
        label(g, text, (float) b.x(), (float) b.y() - 3 * scale, false, imageWidth);
    }

    /** Text on a dark band, its baseline at {@code y}, kept inside the image. */
    private static void label(Graphics2D g, String text, float x, float y, boolean bottom, int imageWidth) {
        FontMetrics m = g.getFontMetrics();
        float left = Math.max(0, Math.min(x, imageWidth - m.stringWidth(text) - 6));
        float baseline = Math.max(m.getAscent() + 2, y - (bottom ? m.getDescent() : 0));
        g.setColor(LABEL_BACKGROUND);
        g.fill(new Rectangle2D.Float(left, baseline - m.getAscent() - 2, m.stringWidth(text) + 6, m.getHeight() + 2));
        g.setColor(Color.WHITE);
        g.drawString(text, left + 3, baseline);
    }
}
