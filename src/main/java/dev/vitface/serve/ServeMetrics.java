package dev.vitface.serve;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;

/**
 * Counts and timings only, never anything about an image or a prediction: what {@code /metrics}
 * shows in Prometheus' text format (version 0.0.4), written by hand.
 */
final class ServeMetrics {
    private static final double[] SECONDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    private final Map<Integer, LongAdder> requests = new TreeMap<>();
    private final LongAdder faces = new LongAdder();
    private final Histogram requestSeconds = new Histogram("vitface_request_seconds",
            "Time from receiving a POST /v1/analyze request to sending its answer.", SECONDS);
    private final Histogram batchSize;
    private final IntSupplier queueDepth;

    ServeMetrics(int maxBatch, IntSupplier queueDepth) {
        this.batchSize = new Histogram("vitface_batch_size", "Faces per forward pass.", batchBounds(maxBatch));
        this.queueDepth = queueDepth;
    }

    /** Every size up to 16, then powers of two: the histogram of a small max batch is exact. */
    static double[] batchBounds(int maxBatch) {
        return DoubleStream.concat(
                IntStream.rangeClosed(1, Math.min(maxBatch, 16)).asDoubleStream(),
                IntStream.iterate(32, b -> b < 2 * maxBatch, b -> b * 2).asDoubleStream()).toArray();
    }

    void request(int status, double seconds) {
        synchronized (requests) {
            requests.computeIfAbsent(status, s -> new LongAdder()).increment();
        }
        requestSeconds.observe(seconds);
    }

    void batch(int size) {
        batchSize.observe(size);
        faces.add(size);
    }

    String exposition() {
        StringBuilder out = new StringBuilder(4096);
        out.append("# HELP vitface_requests_total POST /v1/analyze requests answered, by HTTP status.\n");
        out.append("# TYPE vitface_requests_total counter\n");
        synchronized (requests) {
            requests.forEach((code, n) -> out.append("vitface_requests_total{code=\"").append(code).append("\"} ")
                    .append(n.sum()).append('\n'));
        }
        requestSeconds.writeTo(out);
        batchSize.writeTo(out);
        out.append("# HELP vitface_queue_depth Faces waiting for a forward pass.\n");
        out.append("# TYPE vitface_queue_depth gauge\n");
        out.append("vitface_queue_depth ").append(queueDepth.getAsInt()).append('\n');
        out.append("# HELP vitface_faces_total Faces classified.\n");
        out.append("# TYPE vitface_faces_total counter\n");
        out.append("vitface_faces_total ").append(faces.sum()).append('\n');
        return out.toString();
    }
}
