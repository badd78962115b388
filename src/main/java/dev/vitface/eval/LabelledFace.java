package dev.vitface.eval;

/**
 * One row of the labels CSV that can be evaluated.
 *
 * @param file  the image path as written in the CSV
 * @param key   its {@link FileKeys} key, used to find its prediction
 * @param line  the CSV line, for messages
 * @param truth the labelled attributes
 */
public record LabelledFace(String file, String key, int line, LabelIndices truth) {}
