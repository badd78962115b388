package dev.vitface.faces.align;

import dev.vitface.faces.Point;

/**
 * Where a square face chip lies in a photo: dlib's {@code chip_details} (a rotated rectangle and
 * the chip's size) as {@code get_face_chip_details} builds it from template points and landmarks.
 *
 * <p>Coordinates in and out of this class follow {@link Point}: {@code (0, 0)} is the top-left
 * corner of the top-left pixel, so pixel {@code (i, j)} is centred on {@code (i + 0.5, j + 0.5)}.
 * dlib puts pixel centres on integers; the conversion happens here, once, on the way in and out.
 *
 * <p>Immutable and thread-safe.
 */
public final class ChipPlacement {
    private final int size;
    private final DRect rect;     // dlib chip_details.rect, pixel-centre coordinates of the photo
    private final double angle;   // dlib chip_details.angle, radians
    private final Affine chipToImage;

    private ChipPlacement(int size, DRect rect, double angle) {
        this.size = size;
        this.rect = rect;
        this.angle = angle;
        Affine centred = cornerMap(rect, angle, size);
        this.chipToImage = Affine.translation(-0.5, -0.5).then(centred).then(Affine.translation(0.5, 0.5));
    }

    /**
     * dlib's {@code chip_details(chip_points, img_points, dims)}: the Umeyama similarity from the
     * template points, placed in the chip by {@code spec}, to the photo's points; its rotation
     * becomes the chip's angle, its scale the rectangle's size, and the image of the chip's
     * centre {@code (size/2, size/2)} the rectangle's centre.
     *
     * @param template    points in the template's [0, 1] frame
     * @param imagePoints the matching points in the photo
     */
    static ChipPlacement fit(Point[] template, Point[] imagePoints, ChipSpec spec) {
        Point[] chipPoints = new Point[template.length];
        Point[] photoPoints = new Point[imagePoints.length];
        for (int i = 0; i < template.length; i++) {
            chipPoints[i] = new Point(spec.chipCoordinate(template[i].x()), spec.chipCoordinate(template[i].y()));
        }
        for (int i = 0; i < imagePoints.length; i++) {
            photoPoints[i] = new Point(imagePoints[i].x() - 0.5, imagePoints[i].y() - 0.5);
        }
        Affine similarity = Umeyama.similarity(chipPoints, photoPoints);
        // The image of the unit x vector carries the rotation and the scale.
        double ux = similarity.m00(), uy = similarity.m10();
        double scale = Math.sqrt(ux * ux + uy * uy);
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("the face landmarks are degenerate (they coincide), so no chip can be placed on them");
        }
        double angle = Math.atan2(uy, ux);
        int size = spec.size();
        double centre = size / 2.0;
        DRect rect = DRect.centered(similarity.applyX(centre, centre), similarity.applyY(centre, centre), size * scale, size * scale);
        return new ChipPlacement(size, rect, angle);
    }

    /** Chip width and height in pixels. */
    public int size() {
        return size;
    }

    /**
     * The similarity taking a chip point to the photo point it was sampled from (dlib's
     * {@code get_mapping_to_chip}, inverted): the chip's corner pixel centres go to the rotated
     * rectangle's corners. It is not quite the Umeyama fit {@code T} of the landmarks: in dlib's
     * pixel-centre coordinates it maps chip point {@code c} to
     * {@code T(size/2 + k·(c − (size − 1)/2))}, with {@code k = (size·s − 1) / ((size − 1)·s)}
     * for {@code s} photo pixels per chip pixel, because dlib centres its rectangle on
     * {@code T(size/2)} and counts its sizes inclusively. For a face at one photo pixel per chip
     * pixel the two agree exactly in {@link Point} coordinates.
     */
    public Affine chipToImage() {
        return chipToImage;
    }

    /** The inverse of {@link #chipToImage()}: where a photo point lands in the chip. */
    public Affine imageToChip() {
        return chipToImage.inverse();
    }

    DRect rect() {
        return rect;
    }

    double angle() {
        return angle;
    }

    /**
     * The affine map (pixel-centre coordinates) from a {@code size × size} chip's corner pixels
     * (0, 0), (size−1, 0), (0, size−1) to {@code r}'s corners rotated by {@code angle} about its
     * centre, as dlib solves it with {@code find_affine_transform} from those three pairs.
     */
    static Affine cornerMap(DRect r, double angle, int size) {
        double cx = r.centerX(), cy = r.centerY();
        double cos = Math.cos(angle), sin = Math.sin(angle);
        double tlx = rotatedX(r.left(), r.top(), cx, cy, cos, sin), tly = rotatedY(r.left(), r.top(), cx, cy, cos, sin);
        double trx = rotatedX(r.right(), r.top(), cx, cy, cos, sin), trY = rotatedY(r.right(), r.top(), cx, cy, cos, sin);
        double blx = rotatedX(r.left(), r.bottom(), cx, cy, cos, sin), bly = rotatedY(r.left(), r.bottom(), cx, cy, cos, sin);
        double last = size - 1;
        return new Affine((trx - tlx) / last, (blx - tlx) / last, (trY - tly) / last, (bly - tly) / last, tlx, tly);
    }

    // dlib's rotate_point: rot(p − centre) + centre.
    private static double rotatedX(double x, double y, double cx, double cy, double cos, double sin) {
        return cos * (x - cx) - sin * (y - cy) + cx;
    }

    private static double rotatedY(double x, double y, double cx, double cy, double cos, double sin) {
        return sin * (x - cx) + cos * (y - cy) + cy;
    }

    @Override
    public String toString() {
        return "ChipPlacement[size=" + size + ", chipToImage=" + chipToImage + "]";
    }
}
