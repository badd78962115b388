package dev.vitface.serve;

import dev.vitface.faces.DetectedFace;
import dev.vitface.faces.FaceBox;
import dev.vitface.preprocess.RgbImage;

/**
 * One face of a photo, ready for the classifier.
 *
 * @param box       where it is, in the photo's pixels
 * @param detection what the detector found (box, score, landmarks); null when no detector ran (crop mode)
 * @param chip      the pixels the classifier sees (an aligned chip, or the whole photo)
 */
public record FaceRegion(FaceBox box, DetectedFace detection, RgbImage chip) {
}
