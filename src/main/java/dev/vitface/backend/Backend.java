package dev.vitface.backend;

import dev.vitface.kernels.Kernels;
import java.lang.foreign.MemorySegment;

/**
 * Where the forward pass runs on the CPU: a {@link Gemm} for the linear layers, attention's
 * products and the heads, {@link Kernels} for the element-wise work, and the thread pool those
 * kernels share. Attention's products and softmax may be the backend's own
 * ({@link #attentionGemm()}, {@link #softmax()}).
 * Chosen once per run by {@code engine.BackendSelector}; closing it stops the pool and puts back
 * any process-wide setting it changed.
 */
public interface Backend extends AutoCloseable {

    /** Which implementation, for logs: "openblas", "onednn-bf16" or "java-reference". */
    String name();

    /** One line for logs: libraries, core type, threads, vector width. */
    String description();

    Gemm gemm();

    Kernels kernels();

    Parallel parallel();

    /**
     * The GEMM of attention's two products (q·kᵀ and the probabilities times v): {@link #gemm()}
     * unless the backend runs them in its reduced precision too (oneDNN in BF16).
     */
    default Gemm attentionGemm() {
        return gemm();
    }

    /** Attention's row softmax: the kernels' unless the backend has a faster one of its own. */
    default RowSoftmax softmax() {
        return kernels()::softmaxRows;
    }

    /** FP32, or the reduced precision its linear layers run in. */
    default Precision precision() {
        return Precision.FP32;
    }

    /** A linear layer's {@code [out, in]} F32 weight made ready for this backend; called once per layer at load. */
    default PreparedLinear prepareLinear(MemorySegment weight, int out, int in) {
        return new GemmLinear(gemm(), weight, out, in);
    }

    @Override
    default void close() {
        parallel().close();
    }
}
