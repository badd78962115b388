package dev.vitface.backend;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;

import java.lang.foreign.MemorySegment;

/** Reference GEMM: triple loops with double accumulation. */
public final class JavaGemm implements Gemm {
    public static final JavaGemm INSTANCE = new JavaGemm();

    private JavaGemm() {}

    @Override
    public String name() {
        return "java-reference";
    }

    @Override
    public void matmulTransposedB(int m, int n, int k, float alpha, MemorySegment a, long aOff, int lda,
                                  MemorySegment b, long bOff, int ldb, float beta, MemorySegment c, long cOff, int ldc) {
        product(m, n, k, alpha, a, aOff, lda, 1, b, bOff, 1, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void matmulTransposedA(int m, int n, int k, float alpha, MemorySegment a, long aOff, int lda,
                                  MemorySegment b, long bOff, int ldb, float beta, MemorySegment c, long cOff, int ldc) {
        product(m, n, k, alpha, a, aOff, 1, lda, b, bOff, ldb, 1, beta, c, cOff, ldc);
    }

    @Override
    public void matmul(int m, int n, int k, float alpha, MemorySegment a, long aOff, int lda,
                       MemorySegment b, long bOff, int ldb, float beta, MemorySegment c, long cOff, int ldc) {
        product(m, n, k, alpha, a, aOff, lda, 1, b, bOff, ldb, 1, beta, c, cOff, ldc);
    }

    /**
     * {@code C[i, j] = alpha · Σp A[i, p]·B[p, j] + beta · C[i, j]}, where A[i, p] sits at
     * {@code aOff + i·aRow + p·aCol} and B[p, j] at {@code bOff + p·bRow + j·bCol}: the three
     * layouts differ only in these strides.
     */
    private static void product(int m, int n, int k, float alpha, MemorySegment a, long aOff, int aRow, int aCol,
                                MemorySegment b, long bOff, int bRow, int bCol, float beta,
                                MemorySegment c, long cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                for (int p = 0; p < k; p++) {
                    acc += (double) get(a, aOff + (long) i * aRow + (long) p * aCol)
                            * get(b, bOff + (long) p * bRow + (long) j * bCol);
                }
                store(c, cOff + (long) i * ldc + j, alpha, acc, beta);
            }
        }
    }

    private static void store(MemorySegment c, long index, float alpha, double acc, float beta) {
        // beta == 0 must ignore C entirely (BLAS semantics: C may hold garbage or NaN).
        double prior = beta == 0 ? 0 : (double) beta * get(c, index);
        c.setAtIndex(JAVA_FLOAT_UNALIGNED, index, (float) (alpha * acc + prior));
    }

    private static float get(MemorySegment s, long index) {
        return s.getAtIndex(JAVA_FLOAT_UNALIGNED, index);
    }
}
