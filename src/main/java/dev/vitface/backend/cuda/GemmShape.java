package dev.vitface.backend.cuda;

import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_N;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_T;

/**
 * A cuBLAS GEMM's shape arguments for a row-major product. The engine keeps every matrix
 * row-major; cuBLAS is column-major, and a row-major {@code X[r, c]} with leading dimension
 * {@code ld} is the column-major {@code Xᵀ[c, r]} with the same {@code ld}. So
 * {@code out = left · op(right)} is computed as {@code outᵀ = op(right)ᵀ · leftᵀ}: cuBLAS's A is
 * the right operand, B the left one, m = cols, n = rows. For an HF Linear
 * ({@code Y = X·Wᵀ}, {@code W [out, in]}) that is {@code cublasGemmEx(OP_T, OP_N, out, rows, in,
 * W, in, X, in, Y, out)} — the convention {@link dev.vitface.backend.Gemm} writes down.
 */
public record GemmShape(int transA, int transB, int m, int n, int k, int lda, int ldb, int ldc) {

    /**
     * {@code out[rows, cols] = left[rows, inner] · op(right)}, all row-major.
     *
     * @param rightTransposed right is stored {@code [cols, inner]} and used transposed (a Linear
     *                        weight, or K in q·kᵀ); otherwise it is {@code [inner, cols]} (V in p·v)
     */
    public static GemmShape rowMajor(int rows, int cols, int inner, int ldLeft, int ldRight, int ldOut, boolean rightTransposed) {
        if (rows < 1 || cols < 1 || inner < 1) {
            throw new IllegalArgumentException("GEMM of " + rows + "x" + cols + " by inner " + inner);
        }
        if (ldLeft < inner) throw new IllegalArgumentException("left operand: ld " + ldLeft + " < inner " + inner);
        int rightRowLength = rightTransposed ? inner : cols;
        if (ldRight < rightRowLength) {
            throw new IllegalArgumentException("right operand: ld " + ldRight + " < row length " + rightRowLength);
        }
        if (ldOut < cols) throw new IllegalArgumentException("output: ld " + ldOut + " < cols " + cols);
        return new GemmShape(rightTransposed ? CUBLAS_OP_T : CUBLAS_OP_N, CUBLAS_OP_N, cols, rows, inner, ldRight, ldLeft, ldOut);
    }

    /** {@code Y[rows, out] = X[rows, in] · Wᵀ} for a Linear weight {@code W [out, in]}, rows packed. */
    public static GemmShape linear(int rows, int out, int in) {
        return rowMajor(rows, out, in, in, in, out, true);
    }
}
