package dev.vitface.eval;

/**
 * The classifier's answer for one image.
 *
 * @param file      the image path as the source knows it (for a classify CSV: as given to classify)
 * @param line      the line in the source file, or 0 when the source has no lines
 * @param predicted the predicted attributes
 */
public record Prediction(String file, int line, LabelIndices predicted) {}
