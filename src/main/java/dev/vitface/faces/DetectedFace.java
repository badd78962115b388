package dev.vitface.faces;

/**
 * One face found in a photo, in the displayed (EXIF-oriented) image's pixels.
 *
 * @param box       the detector's box
 * @param score     the detector's confidence, 0..1
 * @param landmarks the six key points
 */
public record DetectedFace(FaceBox box, double score, FaceLandmarks landmarks) {
}
