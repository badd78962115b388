package dev.vitface.bench;

import java.util.Random;

/**
 * Benchmark input: normal(0, 1) values, the range CLIP-normalised pixels have, never zeros (the
 * work does not depend on the values, but a GPU draws less power, and clocks higher, on zeros).
 * Seeded, so every run sees the same input.
 */
public final class RandomPixels {
    private RandomPixels() {}

    public static float[] normal(int count, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[count];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (float) random.nextGaussian();
        return pixels;
    }
}
