package dev.vitface.backend;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The engine's one thread pool: GEMM row blocks, attention heads and element-wise kernels all
 * run on these {@code threads} threads (the calling thread is one of them). BLAS itself runs
 * single-threaded inside them, so the two never nest and no idle BLAS thread spins on a core the
 * Java work needs — which on a 2-core machine costs more than the work itself.
 *
 * <p>A forward pass is a few hundred short steps, each ending in a barrier. Handing work over
 * through an executor (a queue, then park and unpark) cost far more per step than the hand-off
 * here (both measured in docs/PERFORMANCE-HISTORY.md, "Engine internals"): the helpers
 * and the caller wait on a volatile hand-off: a short busy spin, then yielding the core (so that
 * with more threads than cores the thread being waited for gets to run), and only after
 * {@link #WAIT_BEFORE_PARK_NANOS} a park — between two back-to-back steps, never. One call at a
 * time (calls are serialised); a task must not call back into its own pool.
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

    private interface Body {
        void run(int worker);
    }

    /** How long a waiting thread busy-spins before it starts yielding its core. */
    private static final long SPIN_NANOS = 20_000;
    /**
     * How long a waiting thread spins and yields before it parks: far longer than the gap between
     * two steps of a forward pass, far shorter than a pause between two passes (idle helpers sleep).
     */
    static final long WAIT_BEFORE_PARK_NANOS = 200_000;

    private final int threads;
    private final Helper[] helpers;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicReference<Throwable> helperFailure = new AtomicReference<>();
    private volatile Thread parkedCaller;
    private boolean running;
    private volatile boolean poolClosed;

    public Parallel(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.threads = threads;
        this.helpers = new Helper[threads - 1];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = new Helper(i + 1);
            helpers[i].start();
        }
    }

    public int threads() {
        return threads;
    }

    /** Splits {@code [0, count)} into at most {@code threads} equal contiguous ranges, runs them, waits. */
    public void forRange(int count, RangeTask task) {
        checkOpen();
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
        checkOpen();
        AtomicInteger next = new AtomicInteger();
        run(Math.min(threads, count), worker -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) task.run(worker, i);
        });
    }

    /**
     * Runs {@code body} on workers {@code [0, workers)}, worker 0 on the calling thread, and
     * returns once all have finished; then rethrows the first failure (the caller's own first).
     */
    private void run(int workers, Body body) {
        if (workers <= 1) {
            if (workers == 1) body.run(0);
            return;
        }
        // Before taking the lock: a helper of this pool would wait for it forever.
        if (Thread.currentThread() instanceof Helper h && h.pool() == this) {
            throw new IllegalStateException("a Parallel task called back into its own pool");
        }
        runOnHelpers(workers, body);
    }

    private synchronized void runOnHelpers(int workers, Body body) {
        checkOpen(); // again under the lock: close() may have won the race since the first check
        if (running) throw new IllegalStateException("a Parallel task called back into its own pool");
        running = true;
        Throwable failure = null;
        try {
            helperFailure.set(null);
            pending.set(workers - 1);
            for (int w = 1; w < workers; w++) helpers[w - 1].hand(body);
            try {
                body.run(0);
            } catch (Throwable t) {
                failure = t;
            }
            awaitHelpers();
        } finally {
            running = false;
        }
        if (failure == null) failure = helperFailure.get();
        if (failure instanceof RuntimeException e) throw e;
        if (failure instanceof Error e) throw e;
        if (failure != null) throw new IllegalStateException(failure);
    }

    /** Waits (spin, yield, park) until every helper of this call has finished, even if the caller failed. */
    private void awaitHelpers() {
        long start = System.nanoTime();
        while (pending.get() > 0) {
            if (keepSpinning(start)) continue;
            parkedCaller = Thread.currentThread();
            if (pending.get() > 0) LockSupport.park(this);
            parkedCaller = null;
            start = System.nanoTime();
        }
    }

    /** One wait step: busy-spin, then yield; false once it is time to park. */
    private static boolean keepSpinning(long start) {
        long waited = System.nanoTime() - start;
        if (waited < SPIN_NANOS) {
            Thread.onSpinWait();
            return true;
        }
        if (waited < WAIT_BEFORE_PARK_NANOS) {
            Thread.yield();
            return true;
        }
        return false;
    }

    /** Its helpers are gone after {@link #close}: a call would wait for them forever. */
    private void checkOpen() {
        if (poolClosed) throw new IllegalStateException("this Parallel pool is closed");
    }

    /**
     * Stops the helpers, after the call in progress (if any) has finished. Later calls throw
     * {@link IllegalStateException}; closing again does nothing.
     */
    @Override
    public synchronized void close() {
        if (poolClosed) return;
        poolClosed = true;
        for (Helper h : helpers) h.shutDown();
    }

    /** One helper thread: waits for a body, runs it as its worker index, reports, waits again. */
    private final class Helper extends Thread {
        private final int worker;
        private volatile Body task;
        private volatile boolean parked;
        private volatile boolean closed;

        Helper(int worker) {
            super("vitface-worker-" + worker);
            this.worker = worker;
            setDaemon(true);
        }

        Parallel pool() {
            return Parallel.this;
        }

        void hand(Body body) {
            task = body;
            // Either the helper sees the task before it parks, or this sees it parked.
            if (parked) LockSupport.unpark(this);
        }

        void shutDown() {
            closed = true;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            for (Body body = awaitTask(); body != null; body = awaitTask()) {
                try {
                    body.run(worker);
                } catch (Throwable t) {
                    helperFailure.compareAndSet(null, t);
                }
                task = null;
                if (pending.decrementAndGet() == 0) {
                    Thread caller = parkedCaller;
                    if (caller != null) LockSupport.unpark(caller);
                }
            }
        }

        /** The next body, or null once closed. */
        private Body awaitTask() {
            long start = System.nanoTime();
            while (true) {
                Body body = task;
                if (body != null) return body;
                if (closed) return null;
                if (keepSpinning(start)) continue;
                parked = true;
                if (task == null && !closed) LockSupport.park(this);
                parked = false;
                start = System.nanoTime();
            }
        }
    }
}
