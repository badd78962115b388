package dev.vitface.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Multi-head attention done the way the device does it — the batched GEMMs' shapes and per-pair
 * offsets run through cuBLAS's definition, softmax through the kernel's twin, on score rows
 * padded to {@link AttentionOffsets#scoreRowStride} — against attention written out in row-major
 * loops (the CPU path's maths). The padding holds NaN: a GEMM or softmax that read it would
 * poison the context.
 */
class AttentionOffsetsTest {

    @Test
    void batchedGemmsAndSoftmaxWithTheseOffsetsComputeEveryImageAndHead() {
        int batch = 2, heads = 3, tokens = 5, headDim = 4, hidden = heads * headDim;
        int stride = AttentionOffsets.scoreRowStride(tokens);
        assertEquals(8, stride);
        Random random = new Random(3);
        float[] qkv = new float[batch * tokens * 3 * hidden];
        for (int i = 0; i < qkv.length; i++) qkv[i] = (float) random.nextGaussian();
        float[] scores = new float[batch * heads * tokens * stride];
        java.util.Arrays.fill(scores, Float.NaN);
        float[] context = new float[batch * tokens * hidden];
        float scale = 0.5f;

        AttentionOffsets o = AttentionOffsets.of(batch, heads, tokens, stride, hidden);
        GemmShape qk = GemmShape.rowMajor(tokens, tokens, headDim, 3 * hidden, 3 * hidden, stride, true);
        GemmShape pv = GemmShape.rowMajor(tokens, headDim, tokens, stride, 3 * hidden, hidden, false);
        for (int i = 0; i < batch * heads; i++) ColumnMajorGemm.gemm(qk, scale, qkv, o.k()[i], qkv, o.q()[i], scores, o.scores()[i]);
        SoftmaxKernelTwin.softmax(scores, 0, scores, 0, (long) batch * heads * tokens, tokens, stride);
        for (int i = 0; i < batch * heads; i++) ColumnMajorGemm.gemm(pv, 1f, qkv, o.v()[i], scores, o.scores()[i], context, o.context()[i]);

        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                double[][] p = new double[tokens][tokens];
                for (int i = 0; i < tokens; i++) {
                    double max = Double.NEGATIVE_INFINITY, sum = 0;
                    for (int j = 0; j < tokens; j++) {
                        for (int d = 0; d < headDim; d++) p[i][j] += (double) q(qkv, b, i, h, d, tokens, hidden, headDim) * k(qkv, b, j, h, d, tokens, hidden, headDim);
                        p[i][j] *= scale;
                        max = Math.max(max, p[i][j]);
                    }
                    for (int j = 0; j < tokens; j++) sum += p[i][j] = Math.exp(p[i][j] - max);
                    for (int j = 0; j < tokens; j++) {
                        p[i][j] /= sum;
                        assertEquals(p[i][j], scores[((b * heads + h) * tokens + i) * stride + j], 1e-6);
                    }
                    for (int j = tokens; j < stride; j++) {
                        assertTrue(Float.isNaN(scores[((b * heads + h) * tokens + i) * stride + j]), "padding written");
                    }
                }
                for (int i = 0; i < tokens; i++) {
                    for (int d = 0; d < headDim; d++) {
                        double acc = 0;
                        for (int j = 0; j < tokens; j++) acc += p[i][j] * v(qkv, b, j, h, d, tokens, hidden, headDim);
                        // The CPU layout: context [B·T, H], head h at column h·headDim.
                        assertEquals(acc, context[(b * tokens + i) * hidden + h * headDim + d], 1e-5, "b" + b + " h" + h + " t" + i + " d" + d);
                    }
                }
            }
        }
    }

    // qkv [B·T, 3H]: q at column h·headDim, k at H + h·headDim, v at 2H + h·headDim (the CPU's layout).
    private static float q(float[] qkv, int b, int t, int h, int d, int tokens, int hidden, int headDim) {
        return qkv[(b * tokens + t) * 3 * hidden + h * headDim + d];
    }

    private static float k(float[] qkv, int b, int t, int h, int d, int tokens, int hidden, int headDim) {
        return qkv[(b * tokens + t) * 3 * hidden + hidden + h * headDim + d];
    }

    private static float v(float[] qkv, int b, int t, int h, int d, int tokens, int hidden, int headDim) {
        return qkv[(b * tokens + t) * 3 * hidden + 2 * hidden + h * headDim + d];
    }

    @Test
    void entriesAreImageMajorSoASmallerBatchUsesAPrefix() {
        AttentionOffsets big = AttentionOffsets.of(4, 16, 257, 264, 1024);
        AttentionOffsets small = AttentionOffsets.of(2, 16, 257, 264, 1024);
        assertArrayEquals(small.q(), java.util.Arrays.copyOf(big.q(), small.q().length));
        assertArrayEquals(small.context(), java.util.Arrays.copyOf(big.context(), small.context().length));
        assertArrayEquals(small.scores(), java.util.Arrays.copyOf(big.scores(), small.scores().length));
    }

    @Test
    void everyPairsScoreBlockIs16ByteAlignedInBf16ForViTL14() {
        int stride = AttentionOffsets.scoreRowStride(257);
        assertEquals(264, stride);
        AttentionOffsets o = AttentionOffsets.of(3, 16, 257, stride, 1024);
        for (long offset : o.scores()) assertEquals(0, offset * 2 % 16, "pair at element " + offset);
        assertEquals(0, stride * 2 % 16); // and so is every row within it
    }

    @Test
    void addressesScaleByElementSize() {
        assertArrayEquals(new long[] {1000, 1008, 1128}, AttentionOffsets.addresses(1000, new long[] {0, 4, 64}, 2));
    }

    @Test
    void rejectsHeadsThatDoNotDivideHidden() {
        assertThrows(IllegalArgumentException.class, () -> AttentionOffsets.of(1, 5, 17, 24, 64));
        assertThrows(IllegalArgumentException.class, () -> AttentionOffsets.of(0, 4, 17, 24, 64));
        assertThrows(IllegalArgumentException.class, () -> AttentionOffsets.of(1, 4, 17, 16, 64)); // score rows shorter than tokens
    }
}
