package dev.vitface.classify;

import dev.vitface.faces.DetectedFace;
import dev.vitface.faces.FaceBox;
import dev.vitface.faces.FaceLandmarks;
import dev.vitface.preprocess.RgbImage;
import java.util.Objects;

/**
 * One face of a photo, ready for the classifier: what {@code vitface serve} and vitface-spark
 * carry from finding a face to classifying it.
 *
 * @param box       where it is, in the photo's pixels
 * @param detection what the detector found (box, score, landmarks); null when the whole image was taken as one face crop
 * @param chip      the pixels the classifier sees (an aligned chip, or the whole image)
 */
public record FaceRegion(FaceBox box, DetectedFace detection, RgbImage chip) {

    public FaceRegion {
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(chip, "chip");
    }

    /** The whole image as one face crop: box = the image, no detection. */
    public static FaceRegion wholeImage(RgbImage image) {
        return new FaceRegion(new FaceBox(0, 0, image.width(), image.height()), null, image);
    }

    /** A detected face and its aligned chip ({@link FaceDetection#faceChips}). */
    public static FaceRegion detected(FaceChip face) {
        return new FaceRegion(face.detection().box(), face.detection(), face.chip());
    }

    /** The detector's score, or null for a whole-image crop. */
    public Double score() {
        return detection == null ? null : detection.score();
    }

    /** The detector's landmarks, or null for a whole-image crop. */
    public FaceLandmarks landmarks() {
        return detection == null ? null : detection.landmarks();
    }
}
