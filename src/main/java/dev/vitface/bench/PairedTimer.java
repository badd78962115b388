package dev.vitface.bench;

import java.time.Duration;

/**
 * Times two engines forward by forward, taking turns, so that each pair of timings meets the host
 * in the same state. The shared 2-core hosts of docs/PERFORMANCE.md drift by 10-30 % within
 * minutes; {@code bench/compare.sh} times each engine in a process of its own, some 20 s apart, and
 * its per-round batch-1 ratios spread over 0.74-0.96. Two forwards a second apart share the host's
 * state, so their ratio ({@link PairedRatios}) measures the engines rather than the host's mood.
 *
 * <p>Each engine warms up alone first ({@link WarmUp}). The pairs then alternate which engine goes
 * first, so that neither always runs straight after the other (caches, clock boosts), and wait
 * {@code pause} before every forward, so that the other engine's idle threads have stopped
 * spinning: ONNX Runtime's workers spin for a while after a run by default.
 */
public final class PairedTimer {
    /** Seconds per forward of each engine; entry {@code i} of both arrays is pair {@code i}. */
    public record Timings(double[] first, double[] second) {
        public Timings {
            if (first.length != second.length) throw new IllegalArgumentException(first.length + " against " + second.length + " forwards");
            first = first.clone();
            second = second.clone();
        }

        @Override
        public double[] first() {
            return first.clone();
        }

        @Override
        public double[] second() {
            return second.clone();
        }
    }

    private PairedTimer() {}

    /**
     * Warms up {@code first}, then {@code second}, then times {@code pairs} pairs: pair {@code i}
     * runs {@code first} first for even {@code i}, {@code second} first for odd {@code i}.
     */
    public static <E extends Exception> Timings time(WarmUp.Forward<E> first, WarmUp.Forward<E> second, WarmUp warmUp,
                                                     int pairs, Duration pause) throws E {
        if (pairs < 1) throw new IllegalArgumentException("at least one pair; got " + pairs);
        warmUp.run(first);
        warmUp.run(second);
        double[] firstSeconds = new double[pairs];
        double[] secondSeconds = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            if (i % 2 == 0) {
                firstSeconds[i] = seconds(first, pause);
                secondSeconds[i] = seconds(second, pause);
            } else {
                secondSeconds[i] = seconds(second, pause);
                firstSeconds[i] = seconds(first, pause);
            }
        }
        return new Timings(firstSeconds, secondSeconds);
    }

    private static <E extends Exception> double seconds(WarmUp.Forward<E> forward, Duration pause) throws E {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted between timed forwards", e);
        }
        long start = System.nanoTime();
        forward.run();
        return (System.nanoTime() - start) * 1e-9;
    }
}
