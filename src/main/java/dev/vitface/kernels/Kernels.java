package dev.vitface.kernels;

import java.lang.foreign.MemorySegment;

/**
 * The element-wise work of the forward pass (everything that is not a GEMM). Offsets and counts
 * are in floats, not bytes; every segment holds native-order float32. Rows are {@code cols}
 * floats long and packed unless a leading dimension {@code ld} is given.
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

    /** The fastest implementation this JVM can run: vector kernels when the Vector API is readable. */
    static Kernels best() {
        return VectorSupport.available() ? VectorKernelsHolder.INSTANCE : ScalarKernels.INSTANCE;
    }
}
