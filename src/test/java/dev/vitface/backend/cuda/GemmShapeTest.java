package dev.vitface.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_N;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_T;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The row-major to cuBLAS mapping, checked by running cuBLAS's definition on the CPU. */
class GemmShapeTest {
    private final Random random = new Random(7);

    private float[] randomArray(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) random.nextGaussian();
        return x;
    }

    @Test
    void linearIsTheDocumentedCall() {
        // cublasGemmEx(OP_T, OP_N, out, rows, in, W, in, X, in, Y, out), as Gemm's Javadoc says.
        assertEquals(new GemmShape(CUBLAS_OP_T, CUBLAS_OP_N, 4096, 257, 1024, 1024, 1024, 4096), GemmShape.linear(257, 4096, 1024));
    }

    @Test
    void linearComputesXTimesWTransposed() {
        int rows = 5, out = 7, in = 3;
        float[] x = randomArray(rows * in), w = randomArray(out * in), y = new float[rows * out];
        ColumnMajorGemm.gemm(GemmShape.linear(rows, out, in), 1f, w, 0, x, 0, y, 0);
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double expected = 0;
                for (int i = 0; i < in; i++) expected += (double) x[r * in + i] * w[o * in + i];
                assertEquals(expected, y[r * out + o], 1e-5, "y[" + r + "," + o + "]");
            }
        }
    }

    @Test
    void stridedOperandsReadOnlyTheirColumns() {
        // q·kᵀ with q and k inside a [tokens, 3·hidden] buffer, as in attention.
        int tokens = 6, headDim = 4, hidden = 8, ld = 3 * hidden;
        float[] qkv = randomArray(tokens * ld), s = new float[tokens * tokens];
        int q = 4, k = q + hidden; // head 1
        ColumnMajorGemm.gemm(GemmShape.rowMajor(tokens, tokens, headDim, ld, ld, tokens, true), 0.5f, qkv, k, qkv, q, s, 0);
        for (int i = 0; i < tokens; i++) {
            for (int j = 0; j < tokens; j++) {
                double dot = 0;
                for (int d = 0; d < headDim; d++) dot += (double) qkv[q + i * ld + d] * qkv[k + j * ld + d];
                assertEquals(0.5 * dot, s[i * tokens + j], 1e-5, "s[" + i + "," + j + "]");
            }
        }
    }

    @Test
    void untransposedRightOperandIsPTimesV() {
        int tokens = 5, headDim = 3, ldV = 11, ldOut = 9;
        float[] p = randomArray(tokens * tokens), v = randomArray(tokens * ldV), o = new float[tokens * ldOut];
        ColumnMajorGemm.gemm(GemmShape.rowMajor(tokens, headDim, tokens, tokens, ldV, ldOut, false), 1f, v, 2, p, 0, o, 1);
        for (int i = 0; i < tokens; i++) {
            for (int d = 0; d < headDim; d++) {
                double acc = 0;
                for (int j = 0; j < tokens; j++) acc += (double) p[i * tokens + j] * v[2 + j * ldV + d];
                assertEquals(acc, o[1 + i * ldOut + d], 1e-5);
            }
        }
    }

    @Test
    void leadingDimensionsTooSmallAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> GemmShape.rowMajor(4, 4, 8, 7, 8, 4, true));
        assertThrows(IllegalArgumentException.class, () -> GemmShape.rowMajor(4, 4, 8, 8, 7, 4, true));
        assertThrows(IllegalArgumentException.class, () -> GemmShape.rowMajor(4, 9, 8, 8, 8, 9, false));
        assertThrows(IllegalArgumentException.class, () -> GemmShape.rowMajor(4, 4, 8, 8, 8, 3, true));
        assertThrows(IllegalArgumentException.class, () -> GemmShape.linear(0, 4, 4));
    }
}
