package dev.vitface.backend;

import java.lang.foreign.MemorySegment;

/** FP32: the weight used in place by a {@link Gemm}, {@code Y = X·Wᵀ}. */
public record GemmLinear(Gemm gemm, MemorySegment weight, int out, int in) implements PreparedLinear {
    @Override
    public void apply(MemorySegment x, long xOff, int rows, MemorySegment y, long yOff, int ldy) {
        gemm.matmulTransposedB(rows, out, in, 1f, x, xOff, in, weight, 0, in, 0f, y, yOff, ldy);
    }

    @Override
    public boolean splitsByColumns() {
        return true;
    }

    @Override
    public void applyColumns(MemorySegment x, long xOff, int rows, int firstOut, int count,
                             MemorySegment y, long yOff, int ldy) {
        if (firstOut < 0 || count < 0 || firstOut + count > out) {
            throw new IndexOutOfBoundsException("features [" + firstOut + ", " + (firstOut + count) + ") of " + out);
        }
        gemm.matmulTransposedB(rows, count, in, 1f, x, xOff, in, weight, (long) firstOut * in, in, 0f, y, yOff, ldy);
    }
}
