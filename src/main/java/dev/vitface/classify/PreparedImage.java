package dev.vitface.classify;

/** One input after decoding and preprocessing: its name and {@code [channels, size, size]} model input. */
record PreparedImage(String source, float[] pixelValues) {}
