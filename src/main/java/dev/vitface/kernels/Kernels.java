package dev.vitface.kernels;

import java.lang.foreign.MemorySegment;

/**
 * The element-wise work of the forward pass (everything that is not a GEMM). Offsets and counts
 * are in floats, not bytes; every segment holds native-order float32. Rows are {@code cols}
 * floats long and packed unless a leading dimension {@code ld} is given.
 *
 * <p>The row-bias, column and transpose kernels serve the feature-major schedule for small
 * batches, where activations are stored transposed as {@code [features, tokens]}: each row is one
 * feature, each column one token, rows {@code ld} floats apart. Element for element they compute
 * exactly what their token-major counterparts compute.
 *
 * <p>Two implementations answer the same tests: {@link ScalarKernels} (plain loops, double
 * accumulation: the reference) and {@code VectorKernels} (jdk.incubator.vector).
 */
public interface Kernels {

    String name();

    /**
     * LayerNorm over each of {@code rows} rows, two-pass, biased variance (torch.nn.LayerNorm):
     * {@code y = (x - mean) / sqrt(var + eps) * gamma + beta}. {@code x} and {@code y} may alias.
     */
    void layerNorm(MemorySegment x, long xOff, MemorySegment y, long yOff, int rows, int cols,
                   MemorySegment gamma, MemorySegment beta, float eps);

    /** In-place softmax of each row's first {@code cols} values, max-subtracted; rows {@code ld} apart. */
    void softmaxRows(MemorySegment s, long off, int rows, int cols, int ld);

    /** {@code dst[i] += src[i]} for {@code count} values (position embeddings onto the tokens). */
    void add(MemorySegment dst, long dstOff, MemorySegment src, long srcOff, long count);

    /** {@code y[r, c] += bias[c]} for {@code rows} rows of {@code cols} values, rows {@code ld} apart. */
    void addBias(MemorySegment y, long off, int rows, int cols, int ld, MemorySegment bias);

    /** Fused fc1 epilogue: {@code y = quickGelu(y + bias)}, {@code quickGelu(x) = x * sigmoid(1.702 x)}. */
    void addBiasQuickGelu(MemorySegment y, long off, int rows, int cols, MemorySegment bias);

    /** Fused residual epilogue: {@code h += y + bias} (out_proj and fc2 outputs back into the stream). */
    void addBiasResidual(MemorySegment h, long hOff, MemorySegment y, long yOff, int rows, int cols,
                         MemorySegment bias);

    /**
     * LayerNorm of {@code count} columns of a feature-major matrix: column c (from float offset
     * xOff + c) holds x[xOff + f·ld + c] for f in [0, features). Same arithmetic as layerNorm
     * (two-pass: float mean, then float sum of squared deviations, biased variance,
     * rstd = (float) (1.0 / Math.sqrt(sq / features + eps)), y = fma((x - mean) * rstd, gamma[f], beta[f])).
     * gamma and beta are indexed by feature f. x and y may alias (same offsets).
     */
    void layerNormColumns(MemorySegment x, long xOff, MemorySegment y, long yOff, int features, int count, int ld,
                          MemorySegment gamma, MemorySegment beta, float eps);

    /** {@code y[r, c] += bias[r]}: one bias value per row, rows ld apart (feature-major q/k/v bias). */
    void addRowBias(MemorySegment y, long off, int rows, int cols, int ld, MemorySegment bias);

    /** Fused feature-major fc1 epilogue: {@code y[r, c] = quickGelu(y[r, c] + bias[r])}, rows ld apart. */
    void addRowBiasQuickGelu(MemorySegment y, long off, int rows, int cols, int ld, MemorySegment bias);

    /** Fused feature-major residual epilogue: {@code h[r, c] += y[r, c] + bias[r]}; h and y rows ld apart. */
    void addRowBiasResidual(MemorySegment h, long hOff, MemorySegment y, long yOff, int rows, int cols, int ld,
                            MemorySegment bias);

    /**
     * {@code dst[c, r] = src[r, c]} for a rows×cols block; src rows srcLd apart, dst rows dstLd apart.
     * Moves activations between the token-major and feature-major layouts; src and dst must not overlap.
     */
    void transpose(MemorySegment src, long srcOff, int rows, int cols, int srcLd, MemorySegment dst, long dstOff,
                   int dstLd);

    /**
     * For a short run (a few images): the vector kernels' bits without their JIT warm-up ({@link LaneKernels})
     * when the Vector API is readable, else what {@link #best()} gives.
     */
    static Kernels withoutWarmUp() {
        return VectorSupport.available() ? VectorKernelsHolder.LANES : ScalarKernels.INSTANCE;
    }

    /** The fastest implementation this JVM can run: vector kernels when the Vector API is readable. */
    static Kernels best() {
        return VectorSupport.available() ? VectorKernelsHolder.INSTANCE : ScalarKernels.INSTANCE;
    }
}
