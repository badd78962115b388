package dev.vitface.download;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a transfer's body stream when no byte has arrived for {@code limit}: once the response
 * headers are in, the HTTP client has no read timeout, and a server that stops sending would
 * otherwise park the reader forever. Closing the stream from this thread makes the blocked
 * {@code read} throw; {@link #fired()} then tells a stall from a dropped connection.
 */
final class StallWatchdog implements AutoCloseable {
    private final long limitNanos;
    private final Closeable body;
    private final Thread watcher;
    private volatile long lastProgressNanos = System.nanoTime();
    private volatile boolean fired;

    StallWatchdog(Duration limit, Closeable body) {
        if (limit.isNegative() || limit.isZero()) throw new IllegalArgumentException("stall timeout must be positive, got " + limit);
        this.limitNanos = limit.toNanos();
        this.body = body;
        this.watcher = Thread.ofVirtual().name("vitface-download-watchdog").start(this::watch);
    }

    /** Bytes arrived: the countdown starts again. */
    void progressed() {
        lastProgressNanos = System.nanoTime();
    }

    /** Whether the stream was closed because it stalled. */
    boolean fired() {
        return fired;
    }

    private void watch() {
        try {
            while (true) {
                long left = limitNanos - (System.nanoTime() - lastProgressNanos);
                if (left <= 0) break;
                TimeUnit.NANOSECONDS.sleep(left);
            }
        } catch (InterruptedException e) {
            return; // closed: the transfer ended first
        }
        fired = true;
        try {
            body.close();
        } catch (IOException e) {
            // the reader sees the closed stream either way
        }
    }

    /** Stops watching; the transfer is over. */
    @Override
    public void close() {
        watcher.interrupt();
    }
}
