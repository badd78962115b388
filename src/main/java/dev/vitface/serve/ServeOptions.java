package dev.vitface.serve;

import java.time.Duration;

/**
 * How {@code vitface serve} listens and batches.
 *
 * @param host     address to bind; loopback unless exposing it is asked for
 * @param port     0 picks a free one
 * @param maxBatch the most faces in one forward pass
 * @param maxDelay how long the first queued face waits for company
 * @param queue    the most faces waiting; beyond it requests get 503
 * @param maxBytes the largest request body
 * @param token    when non-null, the API wants {@code Authorization: Bearer token}
 * @param grace    how long shutdown lets in-flight requests run
 */
public record ServeOptions(String host, int port, int maxBatch, Duration maxDelay, int queue, long maxBytes, String token,
                           Duration grace) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_BATCH = 8;
    public static final int DEFAULT_MAX_DELAY_MS = 5;
    public static final int DEFAULT_QUEUE = 64;
    public static final long DEFAULT_MAX_BYTES = 20L * 1000 * 1000;
    /** Under the 10 s a SIGTERM-ed service has, with room for the last forward pass and the exit. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(8);

    public ServeOptions {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
        if (maxBatch < 1) throw new IllegalArgumentException("max batch must be >= 1, got " + maxBatch);
        if (queue < 1) throw new IllegalArgumentException("queue must be >= 1, got " + queue);
        if (maxBytes < 1) throw new IllegalArgumentException("max bytes must be >= 1, got " + maxBytes);
        if (maxDelay.isNegative()) throw new IllegalArgumentException("max delay must not be negative");
        if (token != null && token.isBlank()) throw new IllegalArgumentException("an empty token would let anyone in");
    }

    public static ServeOptions defaults() {
        return new ServeOptions(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BATCH, Duration.ofMillis(DEFAULT_MAX_DELAY_MS),
                DEFAULT_QUEUE, DEFAULT_MAX_BYTES, null, DEFAULT_GRACE);
    }

    public ServeOptions withPort(int p) {
        return new ServeOptions(host, p, maxBatch, maxDelay, queue, maxBytes, token, grace);
    }

    public ServeOptions withBatching(int batch, Duration delay, int queueFaces) {
        return new ServeOptions(host, port, batch, delay, queueFaces, maxBytes, token, grace);
    }

    public ServeOptions withMaxBytes(long bytes) {
        return new ServeOptions(host, port, maxBatch, maxDelay, queue, bytes, token, grace);
    }

    public ServeOptions withToken(String t) {
        return new ServeOptions(host, port, maxBatch, maxDelay, queue, maxBytes, t, grace);
    }
}
