package dev.vitface.backend;

import java.lang.foreign.MemorySegment;

/**
 * A linear layer's weight made ready for one backend, once, at model load: for FP32 on OpenBLAS
 * the mapped {@code [out, in]} weight itself; a reduced-precision backend may hold a converted,
 * re-laid-out copy. Computes {@code Y = X·Wᵀ} (no bias: the callers fuse it into their epilogues)
 * on the calling thread, like {@link Gemm}.
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
     * Whether {@link #applyColumns} works: small batches split a product by output features
     * across the workers, so that each packs only its share of the weight.
     */
    default boolean splitsByColumns() {
        return false;
    }

    /**
     * Like {@link #apply}, for output features {@code [firstOut, firstOut + count)} only, written
     * to {@code y} from {@code yOff} (the column of feature {@code firstOut}).
     */
    default void applyColumns(MemorySegment x, long xOff, int rows, int firstOut, int count,
                              MemorySegment y, long yOff, int ldy) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not split by columns");
    }
}
