package dev.vitface.faces.blazeface;

import java.util.Arrays;

/**
 * The zero-padded <em>phase planes</em> of one input channel for a k×k convolution of some
 * stride: phase {@code q} holds the padded columns {@code j·stride + q}. Output column
 * {@code ox}, tap {@code kx} then reads phase {@code kx % stride} at column
 * {@code ox + kx / stride}: a contiguous run for stride 1 and stride 2 alike, and the padding
 * is read as the zeros it is, so every output sums the same taps in the same order.
 */
record PhasePlanes(int stride, int rows, int cols) {
    static PhasePlanes of(int k, int stride, int outSide) {
        return new PhasePlanes(stride, (outSide - 1) * stride + k, outSide + (k - 1) / stride);
    }

    int planeSize() {
        return rows * cols;
    }

    int size() {
        return stride * rows * cols;
    }

    /** Offset of tap (ky, kx) for output (0, 0): phase kx % stride, row ky, column kx / stride. */
    int tap(int ky, int kx) {
        return (kx % stride) * planeSize() + ky * cols + kx / stride;
    }

    /** Writes channel {@code c} of {@code in} into {@code dst} from {@code dstOff}: phase q at q·planeSize. */
    void fill(float[] in, int c, int side, int padBegin, float[] dst, int dstOff) {
        Arrays.fill(dst, dstOff, dstOff + size(), 0f);
        for (int r = 0; r < rows; r++) {
            int iy = r - padBegin;
            if (iy < 0 || iy >= side) continue;
            int src = (c * side + iy) * side;
            if (stride == 1) {
                // One phase: the row, shifted right by the pad.
                int from = Math.max(0, padBegin), to = Math.min(cols, side + padBegin);
                if (to > from) System.arraycopy(in, src + from - padBegin, dst, dstOff + r * cols + from, to - from);
                continue;
            }
            for (int q = 0; q < stride; q++) {
                int row = dstOff + q * planeSize() + r * cols;
                for (int j = 0; j < cols; j++) {
                    int ix = j * stride + q - padBegin;
                    if (ix >= 0 && ix < side) dst[row + j] = in[src + ix];
                }
            }
        }
    }
}
