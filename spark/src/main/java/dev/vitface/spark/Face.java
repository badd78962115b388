package dev.vitface.spark;

import dev.vitface.faces.DetectedFace;
import dev.vitface.faces.FaceBox;
import dev.vitface.faces.FaceLandmarks;
import dev.vitface.preprocess.RgbImage;
import java.util.Objects;

/**
 * One face of an image, ready for the classifier.
 *
 * @param box       where the face is in the image's pixels
 * @param score     the detector's confidence, or null when the image was taken as one face crop
 * @param landmarks the detector's key points, or null when the image was taken as one face crop
 * @param chip      the pixels the classifier sees (the aligned chip, or the whole crop)
 */
public record Face(FaceBox box, Double score, FaceLandmarks landmarks, RgbImage chip) {

    public Face {
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(chip, "chip");
    }

    /** The whole image as one face: box = the image, no detector score or landmarks. */
    public static Face wholeImage(RgbImage image) {
        return new Face(new FaceBox(0, 0, image.width(), image.height()), null, null, image);
    }

    /** A detected face and the chip aligned from its landmarks. */
    public static Face detected(DetectedFace face, RgbImage chip) {
        return new Face(face.box(), face.score(), face.landmarks(), chip);
    }
}
