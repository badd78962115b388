package dev.vitface.classify;

import dev.vitface.faces.DetectedFace;
import dev.vitface.preprocess.RgbImage;

/**
 * A detected face and its FairFace chip, the only pixels of it the model sees.
 *
 * @param detection the detector's box, score and landmarks, in the photo's pixels
 * @param chip      the aligned 300 × 300 chip ({@code FaceChips.extract} with FairFace's spec)
 */
public record FaceChip(DetectedFace detection, RgbImage chip) {}
