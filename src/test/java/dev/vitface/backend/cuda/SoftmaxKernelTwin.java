package dev.vitface.backend.cuda;

/**
 * {@code softmax.cu}'s {@code softmax_rows} in plain Java, for tests of the arguments the pass
 * gives it: {@code rows} rows of {@code cols} scores whose starts are {@code stride} elements
 * apart, FP32 arithmetic, the maximum subtracted first, the padding between {@code cols} and
 * {@code stride} neither read nor written. {@code in} may equal {@code out}, as in the FP32 pass.
 */
final class SoftmaxKernelTwin {
    private SoftmaxKernelTwin() {}

    static void softmax(float[] in, long inOffset, float[] out, long outOffset, long rows, int cols, int stride) {
        for (long row = 0; row < rows; row++) {
            int x = Math.toIntExact(inOffset + row * stride);
            int y = Math.toIntExact(outOffset + row * stride);
            float m = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) m = Math.max(m, in[x + c]);
            float sum = 0;
            for (int c = 0; c < cols; c++) sum += (float) Math.exp(in[x + c] - m);
            float inv = 1f / sum;
            for (int c = 0; c < cols; c++) out[y + c] = (float) Math.exp(in[x + c] - m) * inv;
        }
    }
}
