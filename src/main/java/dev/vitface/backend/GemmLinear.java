package dev.vitface.backend;

import java.lang.foreign.MemorySegment;

/** FP32: the weight used in place by a {@link Gemm}, {@code Y = X·Wᵀ}. */
public record GemmLinear(Gemm gemm, MemorySegment weight, int out, int in) implements PreparedLinear {
    @Override
    public void apply(MemorySegment x, long xOff, int rows, MemorySegment y, long yOff, int ldy) {
        gemm.matmulTransposedB(rows, out, in, 1f, x, xOff, in, weight, 0, in, 0f, y, yOff, ldy);
    }

    @Override
    public boolean appliesFeatureMajor() {
        return true;
    }

    @Override
    public void applyFeatureMajor(MemorySegment xT, long xOff, int cols, int firstOut, int count,
                                  MemorySegment yT, long yOff) {
        if (firstOut < 0 || count < 0 || firstOut + count > out) {
            throw new IndexOutOfBoundsException("features [" + firstOut + ", " + (firstOut + count) + ") of " + out);
        }
        gemm.matmul(count, cols, in, 1f, weight, (long) firstOut * in, in, xT, xOff, cols, 0f, yT, yOff, cols);
    }
}
