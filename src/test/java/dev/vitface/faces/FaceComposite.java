package dev.vitface.faces;

import dev.vitface.preprocess.RgbImage;

/**
 * A test photo made by pasting the 190×190 astronaut portrait (NASA, public domain) onto a canvas,
 * scaled, rotated about its centre and optionally mirrored, with bilinear sampling. Knows where
 * the eyes went.
 *
 * @param image    the composite
 * @param rightEye where the subject's right eye is (the eye on the image's left when upright)
 * @param leftEye  where the subject's left eye is
 */
record FaceComposite(RgbImage image, Point rightEye, Point leftEye) {
    /** Eye centres in the portrait, measured by both BlazeFace models on the upright photo (they agree within 1 px). */
    static final Point PORTRAIT_RIGHT_EYE = new Point(68.3, 96.6);
    static final Point PORTRAIT_LEFT_EYE = new Point(110.9, 97.6);
    /** The face's width in the portrait: BlazeFace's box on the upright photo. */
    static final double PORTRAIT_FACE_WIDTH = 104;

    enum Background { GRADIENT, FLAT, NOISE }

    /**
     * @param faceShare the face's width over the canvas's longer side
     * @param degrees   in-plane rotation, clockwise on screen
     * @param cx        where the portrait's centre goes, as a share of the canvas width
     * @param cy        likewise, of the height
     */
    static FaceComposite of(RgbImage portrait, int width, int height, Background background, double faceShare,
                            double degrees, boolean mirrored, double cx, double cy) {
        double scale = faceShare * Math.max(width, height) / PORTRAIT_FACE_WIDTH;
        double half = portrait.width() / 2.0;
        double centreX = cx * width, centreY = cy * height;
        double t = Math.toRadians(degrees), cos = Math.cos(t), sin = Math.sin(t);
        RgbImage image = RgbImage.blank(width, height);
        byte[] out = image.rgb();
        java.util.Random noise = new java.util.Random(width * 31L + height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double dx = x + 0.5 - centreX, dy = y + 0.5 - centreY;
                double u = (cos * dx + sin * dy) / scale, v = (-sin * dx + cos * dy) / scale;
                if (mirrored) u = -u;
                u += half;
                v += half;
                int at = (y * width + x) * 3;
                if (u >= 0 && v >= 0 && u < portrait.width() && v < portrait.height()) {
                    for (int c = 0; c < 3; c++) out[at + c] = (byte) bilinear(portrait, u - 0.5, v - 0.5, c);
                } else {
                    int g = switch (background) {
                        case GRADIENT -> 60 + (int) (120.0 * x / width) + (int) (50.0 * y / height);
                        case FLAT -> 128;
                        case NOISE -> 70 + noise.nextInt(110);
                    };
                    out[at] = (byte) g;
                    out[at + 1] = (byte) Math.min(255, g + 12);
                    out[at + 2] = (byte) Math.max(0, g - 25);
                }
            }
        }
        // A mirrored subject's right eye is the portrait's left eye, mirrored.
        Point right = place(mirrored ? PORTRAIT_LEFT_EYE : PORTRAIT_RIGHT_EYE, half, scale, cos, sin, mirrored, centreX, centreY);
        Point left = place(mirrored ? PORTRAIT_RIGHT_EYE : PORTRAIT_LEFT_EYE, half, scale, cos, sin, mirrored, centreX, centreY);
        return new FaceComposite(image, right, left);
    }

    double eyeDistance() {
        return Math.hypot(rightEye.x() - leftEye.x(), rightEye.y() - leftEye.y());
    }

    private static Point place(Point p, double half, double scale, double cos, double sin, boolean mirrored,
                               double centreX, double centreY) {
        double u = p.x() - half, v = p.y() - half;
        if (mirrored) u = -u;
        return new Point(centreX + scale * (cos * u - sin * v), centreY + scale * (sin * u + cos * v));
    }

    private static int bilinear(RgbImage im, double x, double y, int c) {
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        double fx = x - x0, fy = y - y0, acc = 0;
        for (int j = 0; j < 2; j++) {
            for (int i = 0; i < 2; i++) {
                int xi = Math.clamp(x0 + i, 0, im.width() - 1), yi = Math.clamp(y0 + j, 0, im.height() - 1);
                acc += (i == 0 ? 1 - fx : fx) * (j == 0 ? 1 - fy : fy) * im.sample(xi, yi, c);
            }
        }
        return (int) Math.round(acc);
    }
}
