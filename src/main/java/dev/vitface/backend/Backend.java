package dev.vitface.backend;

import dev.vitface.kernels.Kernels;

/**
 * Where the forward pass runs on the CPU: a {@link Gemm} for the linear layers and attention
 * products, {@link Kernels} for the element-wise work, and the thread pool those kernels share.
 * Chosen once per run by {@link BackendSelector}; closing it stops the pool.
 */
public interface Backend extends AutoCloseable {

    /** Short name as accepted by {@code --backend}: "cpu" or "java". */
    String name();

    /** One line for logs: libraries, core type, threads, vector width. */
    String description();

    Gemm gemm();

    Kernels kernels();

    Parallel parallel();

    @Override
    default void close() {
        parallel().close();
    }
}
