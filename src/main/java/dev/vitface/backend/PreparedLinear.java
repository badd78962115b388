package dev.vitface.backend;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * A linear layer's weight made ready for one backend, once, at model load: for FP32 on OpenBLAS
 * the mapped {@code [out, in]} weight itself; a reduced-precision backend may hold a converted,
 * re-laid-out copy. Computes {@code Y = X·Wᵀ} on the calling thread, like {@link Gemm}; the bias
 * and what follows it ({@link Epilogue}) are the caller's, unless {@link #applyFused} takes them.
 */
public interface PreparedLinear {

    int out();

    int in();

    /**
     * {@code y[r, :] = x[r, :]·Wᵀ} for {@code rows} rows; {@code x} rows are packed
     * ({@code in} floats apart) from float offset {@code xOff}, {@code y} rows are {@code ldy}
     * floats apart from {@code yOff}.
     */
    void apply(MemorySegment x, long xOff, int rows, MemorySegment y, long yOff, int ldy);

    /**
     * {@link #apply} followed by {@code epilogue} with {@code bias} ({@code out} floats), inside
     * the product, when this layer can; {@code y} is read too for {@link Epilogue#BIAS_RESIDUAL}.
     *
     * @return false, having done nothing, when it cannot: the caller applies and runs the kernel
     */
    default boolean applyFused(MemorySegment x, long xOff, int rows, MemorySegment y, long yOff, int ldy,
                               Epilogue epilogue, MemorySegment bias) {
        return false;
    }

    /**
     * Whether {@link #applyFeatureMajor} works. Small batches keep their activations
     * feature-major and split every product by output features across the workers, so that each
     * packs only its share of the weight (see {@code FeatureMajorLayers}).
     */
    default boolean appliesFeatureMajor() {
        return false;
    }

    /**
     * Output features {@code [firstOut, firstOut + count)} on feature-major activations:
     * {@code yᵀ = W[firstOut:firstOut+count, :] · xᵀ}, where {@code xᵀ} is {@code [in, cols]}
     * from float offset {@code xOff} and {@code yᵀ} is {@code [count, cols]} from {@code yOff},
     * rows {@code cols} floats apart in both.
     */
    default void applyFeatureMajor(MemorySegment xT, long xOff, int cols, int firstOut, int count,
                                   MemorySegment yT, long yOff) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not compute feature-major");
    }

    /**
     * This layer's output features split into {@code parts} consecutive parts, each a layer of
     * its own over the same input that reads its share of these weights where they are (no
     * copy) and takes every {@link Epilogue} in {@link #applyFused}; part p's first feature is
     * the sum of the earlier parts' {@link #out()}. Small batches split each product this way
     * across the workers (see {@code ColumnSplitTail}). Empty when this layer cannot.
     */
    default List<PreparedLinear> columnParts(int parts) {
        return List.of();
    }
}
