package dev.vitface.backend.cuda;

/**
 * Where each (image, head) pair's matrices start, in elements, for the batched attention GEMMs.
 * Entry {@code b·heads + h}. q, k and v stay where the fused projection wrote them, side by side
 * in {@code qkv [B·T, 3H]} (leading dimension 3H, head h at column h·headDim); the context is
 * written straight into {@code [B·T, H]} at column h·headDim (leading dimension H), ready for
 * out_proj. Those places are not one stride apart across both images and heads, which is why the
 * attention GEMMs take pointer arrays (cublasGemmBatchedEx) rather than a single stride.
 *
 * @param q       into qkv, leading dimension 3H
 * @param k       into qkv, leading dimension 3H
 * @param v       into qkv, leading dimension 3H
 * @param scores  into the {@code [B·heads, T, scoreStride]} scores (and BF16 probabilities),
 *                leading dimension scoreStride ({@link #scoreRowStride})
 * @param context into {@code [B·T, H]}, leading dimension H
 */
public record AttentionOffsets(long[] q, long[] k, long[] v, long[] scores, long[] context) {
    /** Score rows are padded to a multiple of this many elements (see {@link #scoreRowStride}). */
    public static final int SCORE_ROW_ALIGNMENT = 8;

    /**
     * The leading dimension of the attention scores and probabilities: {@code tokens} rounded up
     * to a multiple of 8 (257 → 264). With 257, a BF16 row starts 514 bytes after the previous one,
     * so most rows are only 2-byte aligned and cuBLAS's tensor-core kernels, which want 16-byte
     * aligned rows (a leading dimension that is a multiple of 8 for 16-bit types), are likely
     * passed over for slower ones. The padding columns are never written or read: the GEMMs
     * and softmax touch {@code tokens} columns of each row.
     */
    public static int scoreRowStride(int tokens) {
        if (tokens < 1) throw new IllegalArgumentException("tokens must be >= 1, got " + tokens);
        return Math.toIntExact((tokens + SCORE_ROW_ALIGNMENT - 1L) / SCORE_ROW_ALIGNMENT * SCORE_ROW_ALIGNMENT);
    }

    public static AttentionOffsets of(int batch, int heads, int tokens, int scoreStride, int hidden) {
        if (batch < 1 || heads < 1 || tokens < 1 || scoreStride < tokens || hidden % heads != 0) {
            throw new IllegalArgumentException("attention of " + batch + " images, " + heads + " heads, " + tokens
                    + " tokens (score rows of " + scoreStride + "), hidden " + hidden);
        }
        int n = Math.multiplyExact(batch, heads);
        int headDim = hidden / heads;
        long[] q = new long[n], k = new long[n], v = new long[n], s = new long[n], o = new long[n];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                int i = b * heads + h;
                long image = (long) b * tokens;
                q[i] = image * 3 * hidden + (long) h * headDim;
                k[i] = q[i] + hidden;
                v[i] = q[i] + 2L * hidden;
                s[i] = (long) i * tokens * scoreStride;
                o[i] = image * hidden + (long) h * headDim;
            }
        }
        return new AttentionOffsets(q, k, v, s, o);
    }

    /** Device addresses: {@code base + offset · elementBytes} for each entry. */
    public static long[] addresses(long base, long[] offsets, int elementBytes) {
        long[] out = new long[offsets.length];
        for (int i = 0; i < offsets.length; i++) out[i] = base + offsets[i] * elementBytes;
        return out;
    }
}
