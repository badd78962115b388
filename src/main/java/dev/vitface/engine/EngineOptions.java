package dev.vitface.engine;

import dev.vitface.backend.Precision;

import java.util.List;

/**
 * Where and how the forward pass runs.
 *
 * @param backend   "auto" (CUDA when a GPU and its libraries load, else the CPU), "cpu"
 *                  (OpenBLAS), "cuda", or "java" (the plain reference)
 * @param precision the linear layers' precision
 * @param threads   CPU threads (BLAS and kernels); the CUDA path uses one
 * @param strictPrecision fail instead of falling back to fp32 when the precision cannot run here
 */
public record EngineOptions(String backend, Precision precision, int threads, boolean strictPrecision) {
    public static final List<String> BACKENDS = List.of("auto", "cpu", "cuda", "java");

    public EngineOptions {
        if (!BACKENDS.contains(backend)) {
            throw new IllegalArgumentException("unknown backend '" + backend + "'; expected one of " + BACKENDS);
        }
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }

    /** Falls back to fp32, with a logged reason, when the precision cannot run here. */
    public EngineOptions(String backend, Precision precision, int threads) {
        this(backend, precision, threads, false);
    }

    public static EngineOptions defaults() {
        return new EngineOptions("auto", Precision.FP32, Runtime.getRuntime().availableProcessors());
    }
}
