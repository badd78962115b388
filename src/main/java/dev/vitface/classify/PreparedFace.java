package dev.vitface.classify;

import dev.vitface.faces.DetectedFace;

/** One detected face made ready for the model: the detection and the {@code [channels, size, size]} input of its chip. */
public record PreparedFace(DetectedFace detection, float[] pixelValues) {}
