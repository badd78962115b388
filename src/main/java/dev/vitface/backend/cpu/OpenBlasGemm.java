package dev.vitface.backend.cpu;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import dev.vitface.backend.Gemm;
import dev.vitface.backend.GemmOperands;
import java.lang.foreign.MemorySegment;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * {@link Gemm} on OpenBLAS {@code cblas_sgemm}, row-major, reading the mapped {@code [out,in]}
 * weights in place. Every call checks that the operands lie inside their segments first: cblas
 * trusts its arguments, and a wrong extent would read or write outside the mapping.
 */
public final class OpenBlasGemm implements Gemm {
    private final OpenBlas blas;

    public OpenBlasGemm(OpenBlas blas) {
        this.blas = blas;
    }

    @Override
    public String name() {
        return "openblas(" + blas.coreName() + ")";
    }

    @Override
    public void matmulTransposedB(int m, int n, int k, float alpha, MemorySegment a, long aOff, int lda,
                                  MemorySegment b, long bOff, int ldb, float beta, MemorySegment c, long cOff, int ldc) {
        sgemm(false, true, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void matmulTransposedA(int m, int n, int k, float alpha, MemorySegment a, long aOff, int lda,
                                  MemorySegment b, long bOff, int ldb, float beta, MemorySegment c, long cOff, int ldc) {
        sgemm(true, false, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void matmul(int m, int n, int k, float alpha, MemorySegment a, long aOff, int lda,
                       MemorySegment b, long bOff, int ldb, float beta, MemorySegment c, long cOff, int ldc) {
        sgemm(false, false, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** Row-major {@code cblas_sgemm}, after checking that every operand, as stored, lies inside its segment. */
    private static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                              MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                              float beta, MemorySegment c, long cOff, int ldc) {
        GemmOperands.checkExtent("A", a, aOff, transA ? k : m, transA ? m : k, lda);
        GemmOperands.checkExtent("B", b, bOff, transB ? n : k, transB ? k : n, ldb);
        GemmOperands.checkExtent("C", c, cOff, m, n, ldc);
        openblas_nolapack.cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                m, n, k, alpha, new SegmentPointer(a, aOff), lda, new SegmentPointer(b, bOff), ldb,
                beta, new SegmentPointer(c, cOff), ldc);
    }
}
