package dev.vitface.engine;

import dev.vitface.backend.Precision;
import java.util.Objects;

/**
 * Where and how the forward pass runs.
 *
 * @param backend   where ({@link BackendKind#AUTO}: CUDA when a GPU and its libraries load, else the CPU)
 * @param precision the linear layers' precision
 * @param threads   CPU threads (BLAS and kernels); the CUDA path uses one
 * @param strictPrecision fail instead of falling back to fp32 when the precision cannot run here
 * @param workload        what the run will do, which {@link BackendKind#AUTO} weighs for the CPU GEMM
 */
public record EngineOptions(BackendKind backend, Precision precision, int threads, boolean strictPrecision,
                            Workload workload) {

    public EngineOptions {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(workload, "workload");
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }

    public EngineOptions(BackendKind backend, Precision precision, int threads, boolean strictPrecision) {
        this(backend, precision, threads, strictPrecision, Workload.FEW_IMAGES);
    }

    /** Falls back to fp32, with a logged reason, when the precision cannot run here. */
    public EngineOptions(BackendKind backend, Precision precision, int threads) {
        this(backend, precision, threads, false);
    }

    public static EngineOptions defaults() {
        return new EngineOptions(BackendKind.AUTO, Precision.FP32, Runtime.getRuntime().availableProcessors());
    }

    public EngineOptions withBackend(BackendKind kind) {
        return new EngineOptions(kind, precision, threads, strictPrecision, workload);
    }

    public EngineOptions withWorkload(Workload w) {
        return new EngineOptions(backend, precision, threads, strictPrecision, w);
    }
}
