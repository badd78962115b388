package dev.vitface.bench;

import dev.vitface.model.ForwardPass;
import java.util.Random;

/** Times a {@link ForwardPass}: warm-up runs, then {@code iterations} timed runs of one batch. */
public final class ForwardBenchmark {
    private ForwardBenchmark() {}

    /** @return seconds per forward of the whole batch, one entry per timed run */
    public static double[] time(ForwardPass pass, int batch, int pixelsPerImage, int warmup, int iterations) {
        float[] pixels = new float[batch * pixelsPerImage];
        Random random = new Random(42);
        for (int i = 0; i < pixels.length; i++) pixels[i] = (float) random.nextGaussian();
        for (int i = 0; i < warmup; i++) pass.forward(pixels, batch, false);
        double[] seconds = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            pass.forward(pixels, batch, false);
            seconds[i] = (System.nanoTime() - start) * 1e-9;
        }
        return seconds;
    }
}
