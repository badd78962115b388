package dev.vitface.bench;

import dev.vitface.kernels.VectorSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CPU's fp32 FMA peak: {@link FmaLoop} (independent FMA chains on the preferred vector
 * species) on {@code threads} threads at once, each warmed up until the JIT has compiled the
 * loop (its rate stops rising), then all timed together for a fixed time. GFLOP/s counts 2 FLOPs per lane per FMA, for
 * all threads together, over the wall time from the common start to the last thread's end.
 * No GEMM and no forward pass can run faster on the same threads.
 */
public final class FmaPeak {
    /** Iterations between two reads of the clock: ~50k FMAs, tens of µs at the peak. */
    static final long BLOCK = 4096;
    static final long WARMUP_NANOS = 1_000_000_000L;
    static final long WINDOW_NANOS = 50_000_000L;
    static final long MAX_WARMUP_NANOS = 3_000_000_000L;
    static final long MEASURE_NANOS = 400_000_000L;
    private static final float M = 0.9999f;
    private static final float C = 1e-3f;

    /** What the threads did together: FLOPs and the wall time they took. */
    record Tally(long flops, long nanos) {
        double gflops() {
            return (double) flops / nanos;
        }
    }

    private FmaPeak() {}

    /** The peak on {@code threads} threads: at least 1 s warm-up, 0.4 s timed. */
    public static Peak measure(int threads) {
        return measure(threads, WARMUP_NANOS, MEASURE_NANOS);
    }

    static Peak measure(int threads, long warmupNanos, long measureNanos) {
        if (!VectorSupport.available()) {
            return Peak.unavailable("the Vector API (jdk.incubator.vector) is not readable in this JVM");
        }
        Tally t = run(threads, warmupNanos, measureNanos, Long.MAX_VALUE);
        return new Peak(String.format(Locale.ROOT, "fp32 FMA loop: FloatVector %d-bit, %d independent accumulators, "
                        + "%s, %.2f s after a warm-up of at least %.2f s", FmaLoop.SPECIES.vectorBitSize(), FmaLoop.ACCUMULATORS,
                threads == 1 ? "1 thread" : threads + " threads at once", measureNanos * 1e-9, warmupNanos * 1e-9),
                t.gflops());
    }

    /**
     * The higher of two readings of the same peak, taken a run apart: the peak is the hardware's,
     * and a busy moment on a shared host can only lower a reading (at 04:10 UTC on 2026-12-06 one
     * {@code bench} process read 203 GFLOP/s on a Zen 4 whose other processes read 228-232, and
     * its fractions of the peak passed 1.0). The description names both readings.
     */
    public static Peak higherOf(Peak before, Peak after) {
        if (!before.available()) return after;
        if (!after.available()) return before;
        Peak higher = before.gflops() >= after.gflops() ? before : after;
        return new Peak(String.format(Locale.ROOT, "%s; the higher of two readings, before and after the timed forwards: "
                + "%.1f and %.1f GFLOP/s", higher.description(), before.gflops(), after.gflops()), higher.gflops());
    }

    /**
     * Warms up each thread ({@link #warmUp}, at least {@code warmupNanos}), then runs blocks of {@link #BLOCK} iterations
     * on every thread from one common start until {@code measureNanos} have passed or a thread
     * has run {@code maxBlocks}, whichever comes first (a fixed-size run passes a long time and a
     * small {@code maxBlocks}).
     */
    static Tally run(int threads, long warmupNanos, long measureNanos, long maxBlocks) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        AtomicLong start = new AtomicLong();
        CyclicBarrier ready = new CyclicBarrier(threads, () -> start.set(System.nanoTime()));
        List<Callable<long[]>> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            workers.add(() -> {
                float[] acc = startingValues();
                warmUp(acc, warmupNanos);
                ready.await();
                long deadline = start.get() + measureNanos;
                long blocks = 0;
                while (blocks < maxBlocks && System.nanoTime() - deadline < 0) {
                    FmaLoop.run(acc, M, C, BLOCK);
                    blocks++;
                }
                long end = System.nanoTime();
                if (!Float.isFinite(acc[0])) throw new IllegalStateException("FMA loop diverged: " + acc[0]);
                return new long[] {blocks, end};
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            long blocks = 0;
            long end = Long.MIN_VALUE;
            for (Future<long[]> f : pool.invokeAll(workers)) {
                long[] r = f.get();
                blocks += r[0];
                end = Math.max(end, r[1]);
            }
            return new Tally(flops(blocks), end - start.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring the FMA peak", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("FMA peak probe failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Runs the loop for at least {@code minNanos}, and on until a window of {@link #WINDOW_NANOS}
     * gets no more than 5 % more done than the one before (at most {@link #MAX_WARMUP_NANOS}):
     * the first calls run interpreted or C1-compiled, ten times slower. The rate alone settles
     * too early: on the 2-core Zen 5 of issue #17, one thread, the first probe of a fresh JVM
     * measured 86-190 GFLOP/s after a 0.3 s minimum against 202-220 for the second; after a
     * 1 s minimum the two agreed (207-217 and 210-221).
     */
    private static void warmUp(float[] acc, long minNanos) {
        long start = System.nanoTime();
        long previous = 0;
        while (true) {
            long windowEnd = System.nanoTime() + WINDOW_NANOS;
            long blocks = 0;
            while (System.nanoTime() - windowEnd < 0) {
                FmaLoop.run(acc, M, C, BLOCK);
                blocks++;
            }
            boolean settled = previous > 0 && blocks * 100 <= previous * 105;
            long elapsed = System.nanoTime() - start;
            if (settled && elapsed >= minNanos || elapsed >= MAX_WARMUP_NANOS) return;
            previous = blocks;
        }
    }

    /** FLOPs of {@code blocks} blocks of {@link #BLOCK} iterations. */
    static long flops(long blocks) {
        return Math.multiplyExact(Math.multiplyExact(blocks, BLOCK), FmaLoop.flopsPerIteration());
    }

    /** Distinct values in [0, 1) per lane, so no two chains are the same computation. */
    static float[] startingValues() {
        float[] acc = new float[FmaLoop.ACCUMULATORS * FmaLoop.LANES];
        for (int i = 0; i < acc.length; i++) acc[i] = (float) i / acc.length;
        return acc;
    }
}
