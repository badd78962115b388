package dev.vitface.serve;

import dev.vitface.classify.FacePrediction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Groups faces from concurrent requests into forward passes. Request threads enqueue prepared
 * faces into a bounded queue; one thread, the only one that calls the model, takes up to
 * {@code maxBatch} faces, or fewer once {@code maxDelay} has passed since the first of them was
 * queued, and completes each face's future. So the forward pass never runs two at once, and a
 * face waits at most {@code maxDelay} for company while the model is idle.
 */
final class DynamicBatcher implements AutoCloseable {
    private record Pending(float[] pixels, CompletableFuture<FacePrediction> result, long queuedAt) {}

    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final FaceModel model;
    private final int maxBatch;
    private final long maxDelayNanos;
    private final BlockingQueue<Pending> queue;
    private final IntConsumer batchObserver;
    private final Object admission = new Object();
    private final Thread worker;
    private volatile boolean closing;

    /**
     * @param queueCapacity  the most faces waiting (not counting the batch in the model)
     * @param batchObserver  told the size of every forward pass (metrics)
     */
    DynamicBatcher(FaceModel model, int maxBatch, Duration maxDelay, int queueCapacity, IntConsumer batchObserver) {
        if (maxBatch < 1) throw new IllegalArgumentException("max batch must be >= 1, got " + maxBatch);
        if (queueCapacity < 1) throw new IllegalArgumentException("queue must hold >= 1 face, got " + queueCapacity);
        this.model = model;
        this.maxBatch = maxBatch;
        this.maxDelayNanos = maxDelay.toNanos();
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.batchObserver = batchObserver;
        this.worker = Thread.ofPlatform().name("vitface-batcher").daemon().start(this::loop);
    }

    /**
     * Queues all of a request's faces, or none of them.
     *
     * @throws ApiException 503 with Retry-After when the queue has no room for them all, or when closing
     */
    List<CompletableFuture<FacePrediction>> submit(List<float[]> faces) {
        List<CompletableFuture<FacePrediction>> results = new ArrayList<>(faces.size());
        // Only submitters take this lock; the worker only ever frees room, so the check holds.
        synchronized (admission) {
            if (closing) throw new ApiException(503, "the server is shutting down", 1);
            if (queue.remainingCapacity() < faces.size()) {
                throw new ApiException(503, "the queue is full (" + queue.size() + " faces waiting); retry shortly", 1);
            }
            long now = System.nanoTime();
            for (float[] face : faces) {
                CompletableFuture<FacePrediction> result = new CompletableFuture<>();
                queue.add(new Pending(face, result, now));
                results.add(result);
            }
        }
        return results;
    }

    /** Faces waiting for a forward pass. */
    int queueDepth() {
        return queue.size();
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (!closing || !queue.isEmpty()) {
            Pending first;
            try {
                first = queue.poll(IDLE_POLL_NANOS, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (first == null) continue;
            batch.add(first);
            long deadline = first.queuedAt() + maxDelayNanos;
            try {
                while (batch.size() < maxBatch) {
                    long wait = deadline - System.nanoTime();
                    Pending next = wait <= 0 ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
                    if (next == null) break;
                    batch.add(next);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            run(batch);
            batch.clear();
            if (Thread.currentThread().isInterrupted()) break;
        }
        failRemaining();
    }

    private void run(List<Pending> batch) {
        batchObserver.accept(batch.size());
        try {
            List<FacePrediction> predictions = model.classify(batch.stream().map(Pending::pixels).toList());
            for (int i = 0; i < batch.size(); i++) batch.get(i).result().complete(predictions.get(i));
        } catch (RuntimeException | Error e) {
            for (Pending p : batch) p.result().completeExceptionally(e);
        }
    }

    /** Only after an interrupt: whatever still waits is answered, not left hanging. */
    private void failRemaining() {
        for (Pending p; (p = queue.poll()) != null; ) {
            p.result().completeExceptionally(new ApiException(503, "the server is shutting down", 1));
        }
    }

    /**
     * Refuses new faces, lets the worker finish every face already queued, and waits for it up
     * to {@code grace}; then interrupts it.
     */
    void close(Duration grace) {
        synchronized (admission) {
            closing = true;
        }
        try {
            if (!worker.join(grace)) {
                worker.interrupt();
                worker.join(Duration.ofSeconds(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
