package dev.vitface.eval;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded percentile-bootstrap 95 % intervals for an accuracy.
 *
 * <p>Each resample draws {@code n} faces with replacement from the {@code n} evaluated ones and
 * takes the fraction predicted correctly. That fraction depends only on how many drawn faces are
 * correct ones, so the faces are represented by their count: with the {@code correct} ones placed
 * first, a draw {@code < correct} is a correct face. This is the plain nonparametric bootstrap
 * without an array of faces to read: 1,000 resamples of FairFace's 10,954 faces take about 35 ms.
 *
 * <p>The interval is the 2.5th and 97.5th percentile of the resampled accuracies, interpolated
 * linearly between order statistics as {@code numpy.percentile} does by default.
 *
 * <p>Every interval has its own random stream, seeded from the run's seed and the interval's name
 * (such as {@code "age/by race/White"}); an interval therefore does not change when other
 * intervals are added, removed or computed in another order.
 */
public final class AccuracyBootstrap {
    private static final double LOWER_QUANTILE = 0.025;
    private static final double UPPER_QUANTILE = 0.975;

    private final int resamples;
    private final long seed;

    public AccuracyBootstrap(int resamples, long seed) {
        if (resamples < 1) throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
        this.resamples = resamples;
        this.seed = seed;
    }

    public int resamples() {
        return resamples;
    }

    public long seed() {
        return seed;
    }

    /**
     * The 95 % interval of the accuracy {@code correct / n}.
     *
     * @param name names the interval; it selects the random stream
     */
    public ConfidenceInterval interval(int correct, int n, String name) {
        if (n < 1 || correct < 0 || correct > n) {
            throw new IllegalArgumentException("need 0 <= correct <= n and n >= 1, got " + correct + " of " + n);
        }
        SplittableRandom random = new SplittableRandom(seed ^ fnv1a64(name));
        double[] accuracies = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            int drawnCorrect = 0;
            for (int i = 0; i < n; i++) {
                // adds 1 when the draw is a correct face, without a branch: a branch would be mispredicted
                // on most incorrect draws and triples the time
                drawnCorrect += (random.nextInt(n) - correct) >>> 31;
            }
            accuracies[b] = (double) drawnCorrect / n;
        }
        Arrays.sort(accuracies);
        return new ConfidenceInterval(percentile(accuracies, LOWER_QUANTILE), percentile(accuracies, UPPER_QUANTILE));
    }

    /** numpy's default ("linear") percentile of sorted values: interpolate at position q·(m−1). */
    static double percentile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        double fraction = position - below;
        return sorted[below] + fraction * (sorted[above] - sorted[below]);
    }

    /** A 64-bit FNV-1a hash: fixed by its definition, so a seed means the same streams on every JVM. */
    private static long fnv1a64(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
