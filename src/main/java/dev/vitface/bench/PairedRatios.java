package dev.vitface.bench;

import java.util.Arrays;
import java.util.Random;

/**
 * The ratios of paired timings ({@link PairedTimer}), one per pair: what one engine took over what
 * the other took a moment before or after. Their median says where the engines stand; the
 * bootstrap interval of the median says how sure one run is of it, so that a target such as
 * "at most 0.85" can be judged as met, missed, or not settled by this run.
 */
public final class PairedRatios {
    private final double[] sorted;

    private PairedRatios(double[] sorted) {
        this.sorted = sorted;
    }

    /** {@code numerator[i] / denominator[i]} for every pair {@code i}. */
    public static PairedRatios of(double[] numerator, double[] denominator) {
        if (numerator.length != denominator.length || numerator.length == 0) {
            throw new IllegalArgumentException(numerator.length + " numerators against " + denominator.length + " denominators");
        }
        double[] ratios = new double[numerator.length];
        for (int i = 0; i < ratios.length; i++) {
            if (!(numerator[i] > 0) || !(denominator[i] > 0)) {
                throw new IllegalArgumentException("pair " + i + ": " + numerator[i] + " s against " + denominator[i] + " s");
            }
            ratios[i] = numerator[i] / denominator[i];
        }
        Arrays.sort(ratios);
        return new PairedRatios(ratios);
    }

    public int count() {
        return sorted.length;
    }

    public double median() {
        return quantile(sorted, 0.5);
    }

    /** The {@code q}-quantile, interpolated linearly between the two nearest ratios. */
    public double quantile(double q) {
        return quantile(sorted, q);
    }

    /**
     * A percentile-bootstrap interval of the median: the median of {@code resamples} resamples
     * (with replacement, seeded, so a report can be recomputed), cut at {@code (1 - confidence) / 2}
     * on either side.
     *
     * @return {low, high}
     */
    public double[] medianInterval(double confidence, int resamples, long seed) {
        if (!(confidence > 0 && confidence < 1) || resamples < 1) {
            throw new IllegalArgumentException("confidence " + confidence + ", " + resamples + " resamples");
        }
        Random random = new Random(seed);
        double[] medians = new double[resamples];
        double[] resample = new double[sorted.length];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < resample.length; i++) resample[i] = sorted[random.nextInt(sorted.length)];
            Arrays.sort(resample);
            medians[r] = quantile(resample, 0.5);
        }
        Arrays.sort(medians);
        double tail = (1 - confidence) / 2;
        return new double[] {quantile(medians, tail), quantile(medians, 1 - tail)};
    }

    private static double quantile(double[] ascending, double q) {
        if (!(q >= 0 && q <= 1)) throw new IllegalArgumentException("quantile " + q);
        double position = q * (ascending.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, ascending.length - 1);
        return ascending[below] + (position - below) * (ascending[above] - ascending[below]);
    }
}
