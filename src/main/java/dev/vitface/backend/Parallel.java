package dev.vitface.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * The one pool for the Java kernels. Work is split into at most {@code threads} contiguous
 * ranges; with one thread everything runs inline. Never call BLAS from inside a range: OpenBLAS
 * has its own threads and the two must not nest.
 */
public final class Parallel implements AutoCloseable {

    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    private final int threads;
    private final ForkJoinPool pool;

    public Parallel(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads);
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code task} over {@code [0, count)} split into contiguous ranges, and waits. */
    public void forRange(int count, RangeTask task) {
        int parts = Math.min(threads, count);
        if (parts <= 1) {
            if (count > 0) task.run(0, count);
            return;
        }
        List<ForkJoinTask<?>> tasks = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            int from = (int) ((long) count * p / parts);
            int to = (int) ((long) count * (p + 1) / parts);
            tasks.add(pool.submit(() -> task.run(from, to)));
        }
        for (ForkJoinTask<?> t : tasks) t.join();
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdown();
    }
}
