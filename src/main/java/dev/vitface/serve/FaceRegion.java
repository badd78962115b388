package dev.vitface.serve;

import dev.vitface.faces.FaceBox;
import dev.vitface.faces.FaceLandmarks;
import dev.vitface.preprocess.RgbImage;

/**
 * One face of a photo, ready for the classifier.
 *
 * @param box       where it is, in the photo's pixels
 * @param score     the detector's confidence; null when no detector ran (crop mode)
 * @param landmarks the detector's six points; null when no detector ran
 * @param chip      the pixels the classifier sees (an aligned chip, or the whole photo)
 */
public record FaceRegion(FaceBox box, Double score, FaceLandmarks landmarks, RgbImage chip) {
}
