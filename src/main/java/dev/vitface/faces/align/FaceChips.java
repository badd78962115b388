package dev.vitface.faces.align;

import dev.vitface.faces.FaceLandmarks;
import dev.vitface.faces.Point;
import dev.vitface.preprocess.RgbImage;
import java.util.Objects;

/**
 * Aligned face chips, framed as FairFace's training crops were: dlib's
 * {@code get_face_chip_details} and {@code extract_image_chip}, ported, driven by BlazeFace's
 * landmarks placed on dlib's mean face shape (docs/FACES.md, "Alignment", says which points and
 * why).
 *
 * <p>Stateless and thread-safe.
 */
public final class FaceChips {
    private FaceChips() {}

    /**
     * Where BlazeFace's right eye, left eye, nose tip and mouth centre sit in dlib's 68-point
     * mean-face frame (dlib/image_transforms/interpolation.h, {@code mean_face_shape_x/y}): the
     * mean of each eye's six contour points (36–41 and 42–47), the nose tip (30), and the middle
     * of the mouth corners (48, 54). The subject's right eye is on the frame's left.
     */
    static final Point[] BLAZEFACE_TEMPLATE = {
            new Point(0.225492, 0.215990),
            new Point(0.754761, 0.215990),
            new Point(0.490127, 0.515625),
            new Point(0.490127, 0.780233),
    };

    /** The FairFace chip ({@link ChipSpec#FAIRFACE}: 300 × 300, padding 0.25) of the face with these landmarks. */
    public static RgbImage extract(RgbImage photo, FaceLandmarks landmarks) {
        return extract(photo, landmarks, ChipSpec.FAIRFACE);
    }

    /** The chip of the face with these landmarks. */
    public static RgbImage extract(RgbImage photo, FaceLandmarks landmarks, ChipSpec spec) {
        return extract(photo, place(landmarks, spec));
    }

    /** Where the chip of the face with these landmarks lies in the photo, without sampling it. */
    public static ChipPlacement place(FaceLandmarks landmarks, ChipSpec spec) {
        Objects.requireNonNull(landmarks, "landmarks");
        Objects.requireNonNull(spec, "spec");
        Point[] points = {
                checked("right eye", landmarks.rightEye()),
                checked("left eye", landmarks.leftEye()),
                checked("nose tip", landmarks.noseTip()),
                checked("mouth", landmarks.mouth()),
        };
        return ChipPlacement.fit(BLAZEFACE_TEMPLATE, points, spec);
    }

    /** The chip at a placement computed before, from this photo. */
    public static RgbImage extract(RgbImage photo, ChipPlacement placement) {
        Objects.requireNonNull(photo, "photo");
        Objects.requireNonNull(placement, "placement");
        return ChipExtraction.extract(photo, placement);
    }

    private static Point checked(String name, Point p) {
        if (p == null) {
            throw new IllegalArgumentException("the " + name + " landmark is missing");
        }
        if (!Double.isFinite(p.x()) || !Double.isFinite(p.y())) {
            throw new IllegalArgumentException("the " + name + " landmark is not a finite point: (" + p.x() + ", " + p.y() + ")");
        }
        return p;
    }
}
