package dev.vitface.bench;

import dev.vitface.forward.ForwardPass;

/**
 * Times a {@link ForwardPass} as a user calls it: warm-up runs ({@link WarmUp}, which also let C2
 * compile, or capture the CUDA graph), then {@code iterations} timed runs of one batch of
 * {@link RandomPixels}, each a whole {@code forward} (on the GPU: pixels up, pass, outputs down).
 */
public final class ForwardTimer {
    private ForwardTimer() {}

    /** @return seconds per forward of the whole batch, one entry per timed run */
    public static double[] time(ForwardPass pass, int batch, int pixelsPerImage, WarmUp warmUp, int iterations) {
        float[] pixels = RandomPixels.normal(batch * pixelsPerImage, 42);
        warmUp.run(() -> pass.forward(pixels, batch, false));
        double[] seconds = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            pass.forward(pixels, batch, false);
            seconds[i] = (System.nanoTime() - start) * 1e-9;
        }
        return seconds;
    }
}
