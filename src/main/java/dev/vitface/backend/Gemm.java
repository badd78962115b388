package dev.vitface.backend;

import java.lang.foreign.MemorySegment;

/**
 * Single-precision matrix products on row-major float32 data. Offsets and leading dimensions
 * are in floats. The one convention of the engine: an HF {@code nn.Linear} stores its weight
 * {@code [out, in]} row-major, so a batch of rows computes {@code Y = X·Wᵀ}, i.e.
 * {@code cblas_sgemm(RowMajor, NoTrans, Trans, rows, out, in, 1, X, in, W, in, 0, Y, out)}
 * (on cuBLAS, column-major: {@code cublasSgemm(OP_T, OP_N, out, rows, in, W, in, X, in, Y, out)}).
 *
 * <p>Implementations compute on the calling thread; callers split work over {@link Parallel}'s
 * threads (row blocks of a product, attention heads), and may call from several threads at once.
 */
public interface Gemm {

    String name();

    /** {@code C[m,n] = alpha · A[m,k] · B[n,k]ᵀ + beta · C} — B is stored like a Linear weight. */
    void matmulTransposedB(int m, int n, int k, float alpha,
                           MemorySegment a, long aOff, int lda,
                           MemorySegment b, long bOff, int ldb,
                           float beta, MemorySegment c, long cOff, int ldc);

    /**
     * {@code C[m,n] = alpha · A[k,m]ᵀ · B[k,n] + beta · C} — A stored transposed (attention
     * scores from feature-major queries and keys, one row per feature).
     */
    void matmulTransposedA(int m, int n, int k, float alpha,
                           MemorySegment a, long aOff, int lda,
                           MemorySegment b, long bOff, int ldb,
                           float beta, MemorySegment c, long cOff, int ldc);

    /** {@code C[m,n] = alpha · A[m,k] · B[k,n] + beta · C} (attention probabilities times values). */
    void matmul(int m, int n, int k, float alpha,
                MemorySegment a, long aOff, int lda,
                MemorySegment b, long bOff, int ldb,
                float beta, MemorySegment c, long cOff, int ldc);
}
