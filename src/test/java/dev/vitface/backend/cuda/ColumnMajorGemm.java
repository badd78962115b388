package dev.vitface.backend.cuda;

import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_N;

/**
 * cuBLAS's GEMM as its documentation defines it, in plain Java on flat arrays (column-major,
 * {@code C = alpha · op(A) · op(B)}, beta 0): the stand-in for the device in tests of the
 * arguments the engine passes. If {@link GemmShape} or {@link AttentionOffsets} mixed up a
 * transpose, a leading dimension or an offset, these products would disagree with the row-major
 * maths the CPU path does.
 */
final class ColumnMajorGemm {
    private ColumnMajorGemm() {}

    static void gemm(GemmShape s, float alpha, float[] a, long aOff, float[] b, long bOff, float[] c, long cOff) {
        for (int i = 0; i < s.m(); i++) {
            for (int j = 0; j < s.n(); j++) {
                double acc = 0;
                for (int p = 0; p < s.k(); p++) {
                    double av = s.transA() == CUBLAS_OP_N ? a[(int) (aOff + i + (long) p * s.lda())] : a[(int) (aOff + p + (long) i * s.lda())];
                    double bv = s.transB() == CUBLAS_OP_N ? b[(int) (bOff + p + (long) j * s.ldb())] : b[(int) (bOff + j + (long) p * s.ldb())];
                    acc += av * bv;
                }
                c[(int) (cOff + i + (long) j * s.ldc())] = (float) (alpha * acc);
            }
        }
    }
}
