package dev.vitface.backend;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's one thread pool: GEMM row blocks, attention heads and element-wise kernels all
 * run on these {@code threads} threads (the calling thread is one of them). BLAS itself runs
 * single-threaded inside them, so the two never nest and no idle BLAS thread spins on a core the
 * Java work needs — which on a 2-core machine costs more than the work itself.
 */
public final class Parallel implements AutoCloseable {

    /** Work on the contiguous range {@code [from, to)}; {@code worker} is in {@code [0, threads)}. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int worker, int from, int to);
    }

    /** Work on one item; {@code worker} is in {@code [0, threads)}, so per-worker scratch needs no lock. */
    @FunctionalInterface
    public interface ItemTask {
        void run(int worker, int item);
    }

    private final int threads;
    private final ExecutorService helpers;

    public Parallel(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.threads = threads;
        this.helpers = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "vitface-worker");
            t.setDaemon(true);
            return t;
        });
    }

    public int threads() {
        return threads;
    }

    /** Splits {@code [0, count)} into at most {@code threads} equal contiguous ranges, runs them, waits. */
    public void forRange(int count, RangeTask task) {
        int parts = Math.min(threads, count);
        if (parts <= 1) {
            if (count > 0) task.run(0, 0, count);
            return;
        }
        run(parts, worker -> task.run(worker, (int) ((long) count * worker / parts),
                (int) ((long) count * (worker + 1) / parts)));
    }

    /** Runs every item of {@code [0, count)}, handed out one at a time to whichever worker is free. */
    public void forEachItem(int count, ItemTask task) {
        AtomicInteger next = new AtomicInteger();
        run(Math.min(threads, count), worker -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) task.run(worker, i);
        });
    }

    private interface Worker {
        void run(int worker);
    }

    private void run(int workers, Worker body) {
        if (workers <= 1) {
            if (workers == 1) body.run(0);
            return;
        }
        @SuppressWarnings("unchecked")
        Future<?>[] futures = new Future<?>[workers - 1];
        for (int w = 1; w < workers; w++) {
            int worker = w;
            futures[w - 1] = helpers.submit(() -> body.run(worker));
        }
        RuntimeException failure = null;
        try {
            body.run(0);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for workers", e);
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                }
            }
        }
        if (failure != null) throw failure;
    }

    @Override
    public void close() {
        if (helpers != null) helpers.shutdown();
    }
}
