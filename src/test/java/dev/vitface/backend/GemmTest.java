package dev.vitface.backend;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vitface.backend.cpu.OpenBlas;
import dev.vitface.backend.cpu.OpenBlasGemm;
import dev.vitface.backend.dnnl.Bf16Support;
import dev.vitface.backend.dnnl.OneDnnBackend;
import dev.vitface.kernels.Bf16Rounding;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OpenBLAS and oneDNN's matmul (the oneDNN backend's attention and heads) against the
 * double-accumulating Java reference, on the shapes and strides the model uses; the BF16
 * backend's attention products against the reference on the same operands rounded to BF16.
 */
class GemmTest {
    private static OneDnnBackend oneDnn;
    private final Arena arena = Arena.ofAuto();
    private final Gemm reference = JavaGemm.INSTANCE;

    @BeforeAll
    static void open() {
        oneDnn = new OneDnnBackend(1, Precision.FP32);
    }

    @AfterAll
    static void close() {
        oneDnn.close();
    }

    /** Every native Gemm, each with every shape of {@code shapes} ("m,n,k"). */
    private static Stream<Arguments> cases(String... shapes) {
        List<Named<Gemm>> gemms = List.of(Named.of("openblas", new OpenBlasGemm(OpenBlas.load())),
                Named.of("onednn", oneDnn.gemm()));
        return gemms.stream().flatMap(gemm -> Arrays.stream(shapes).map(shape -> {
            int[] mnk = Arrays.stream(shape.split(",")).mapToInt(Integer::parseInt).toArray();
            return Arguments.of(gemm, mnk[0], mnk[1], mnk[2]);
        }));
    }

    static Stream<Arguments> transposedBCases() {
        return cases("1,1,1", "7,13,5", "17,64,64", "257,64,588", "33,96,257", "257,257,64", "1,18,1024", "3,4,0");
    }

    static Stream<Arguments> transposedACases() {
        return cases("1,1,1", "7,13,5", "257,257,64", "1,257,64", "20,3,40");
    }

    static Stream<Arguments> plainCases() {
        return cases("1,1,1", "7,13,5", "257,64,257", "1,64,257", "20,3,40");
    }

    static Stream<Gemm> gemms() {
        return cases("1,1,1").map(arguments -> ((Named<Gemm>) arguments.get()[0]).getPayload());
    }

    private MemorySegment random(long n, long seed) {
        Random r = new Random(seed);
        MemorySegment s = arena.allocate(n * 4, 64);
        for (long i = 0; i < n; i++) s.setAtIndex(JAVA_FLOAT, i, (float) r.nextGaussian());
        return s;
    }

    private static void assertClose(MemorySegment expected, MemorySegment actual, long n, int k) {
        // Float accumulation over k products of unit-variance values: far below the worst case
        // (k·u·Σ|ab|), comfortably above what blocked sgemm gets (about sqrt(k)·u·|c|).
        double tol = 4e-6 * k;
        for (long i = 0; i < n; i++) {
            float e = expected.getAtIndex(JAVA_FLOAT, i);
            float a = actual.getAtIndex(JAVA_FLOAT, i);
            assertTrue(Math.abs(e - a) <= tol, "at " + i + ": " + e + " vs " + a);
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}x{3}")
    @MethodSource("transposedBCases")
    void transposedBMatchesReference(Gemm blas, int m, int n, int k) {
        int lda = k + 2, ldb = k + 1, ldc = n + 3; // strided, like q/k/v slices of the qkv buffer
        MemorySegment a = random((long) m * lda, 1);
        MemorySegment b = random((long) n * ldb, 2);
        MemorySegment c1 = random((long) m * ldc, 3);
        MemorySegment c2 = arena.allocate(c1.byteSize(), 64);
        c2.copyFrom(c1);
        reference.matmulTransposedB(m, n, k, 0.5f, a, 0, lda, b, 0, ldb, 0.25f, c1, 0, ldc);
        blas.matmulTransposedB(m, n, k, 0.5f, a, 0, lda, b, 0, ldb, 0.25f, c2, 0, ldc);
        assertClose(c1, c2, (long) m * ldc, k);
    }

    @ParameterizedTest(name = "{0} {1}x{2}x{3}")
    @MethodSource("transposedACases")
    void transposedAMatchesReference(Gemm blas, int m, int n, int k) {
        int lda = m + 5, ldb = n + 2, ldc = n + 1; // feature-major q and k: rows of a wider buffer
        MemorySegment a = random((long) k * lda, 6);
        MemorySegment b = random((long) k * ldb, 7);
        MemorySegment c1 = random((long) m * ldc, 8);
        MemorySegment c2 = arena.allocate(c1.byteSize(), 64);
        c2.copyFrom(c1);
        reference.matmulTransposedA(m, n, k, 0.125f, a, 0, lda, b, 0, ldb, 0.5f, c1, 0, ldc);
        blas.matmulTransposedA(m, n, k, 0.125f, a, 0, lda, b, 0, ldb, 0.5f, c2, 0, ldc);
        assertClose(c1, c2, (long) m * ldc, k);
        // Element (i, j) is the dot product of column i of A with column j of B.
        double dot = 0;
        for (int p = 0; p < k; p++) dot += (double) a.getAtIndex(JAVA_FLOAT, (long) p * lda + m - 1) * b.getAtIndex(JAVA_FLOAT, (long) p * ldb);
        double prior = random((long) m * ldc, 8).getAtIndex(JAVA_FLOAT, (long) (m - 1) * ldc);
        assertTrue(Math.abs(c1.getAtIndex(JAVA_FLOAT, (long) (m - 1) * ldc) - (0.125 * dot + 0.5 * prior)) <= 1e-5 * (1 + k));
    }

    @ParameterizedTest(name = "{0} {1}x{2}x{3}")
    @MethodSource("plainCases")
    void plainMatchesReference(Gemm blas, int m, int n, int k) {
        int lda = k, ldb = n + 7, ldc = n + 1;
        MemorySegment a = random((long) m * lda, 4);
        MemorySegment b = random((long) k * ldb, 5);
        MemorySegment c1 = arena.allocate((long) m * ldc * 4, 64);
        MemorySegment c2 = arena.allocate((long) m * ldc * 4, 64);
        // beta = 0 must ignore whatever C holds, NaN included.
        for (long i = 0; i < (long) m * ldc; i++) c2.setAtIndex(JAVA_FLOAT, i, Float.NaN);
        reference.matmul(m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c1, 0, ldc);
        blas.matmul(m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c2, 0, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                long idx = (long) i * ldc + j;
                float e = c1.getAtIndex(JAVA_FLOAT, idx), g = c2.getAtIndex(JAVA_FLOAT, idx);
                assertTrue(Math.abs(e - g) <= 4e-6 * k, i + "," + j + ": " + e + " vs " + g);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("gemms")
    void operandsOutsideTheirSegmentAreRefusedBeforeTheNativeCall(Gemm blas) {
        MemorySegment a = arena.allocate(10 * 4, 64);
        MemorySegment b = arena.allocate(10 * 4, 64);
        MemorySegment c = arena.allocate(10 * 4, 64);
        assertThrows(IndexOutOfBoundsException.class,
                () -> blas.matmulTransposedB(4, 4, 4, 1f, a, 0, 4, b, 0, 4, 0f, c, 0, 4));
        assertThrows(IllegalArgumentException.class,
                () -> blas.matmulTransposedB(2, 2, 4, 1f, a, 0, 3, b, 0, 4, 0f, c, 0, 2));
        // Transposed A is k×m: 4×3 with lda 3 fits 10 floats only up to row 3.
        assertThrows(IndexOutOfBoundsException.class,
                () -> blas.matmulTransposedA(3, 2, 4, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2));
    }

    /**
     * Attention's products in the BF16 backend round A and B to BF16 and accumulate in F32: the
     * reference on operands rounded the same way, within F32 accumulation's bound.
     */
    @ParameterizedTest(name = "{0} {1}x{2}x{3}")
    @CsvSource({"transposedB, 257, 257, 64", "transposedB, 1, 257, 64", "plain, 257, 64, 257",
            "transposedA, 257, 257, 64", "transposedB, 64, 257, 257", "plain, 7, 13, 5"})
    void bf16AttentionProductsAreTheReferenceOnRoundedOperands(String layout, int m, int n, int k) {
        assumeTrue(Bf16Support.probe().available(), "no AVX-512 BF16 for oneDNN here");
        boolean transA = layout.equals("transposedA"), transB = layout.equals("transposedB");
        int aRows = transA ? k : m, aCols = transA ? m : k, bRows = transB ? n : k, bCols = transB ? k : n;
        int lda = aCols + 3, ldb = bCols + 5, ldc = n + 1; // strided, like q/k/v slices of the qkv buffer
        MemorySegment a = random((long) aRows * lda, 11), b = random((long) bRows * ldb, 12);
        MemorySegment expected = random((long) m * ldc, 13);
        MemorySegment actual = arena.allocate(expected.byteSize(), 64);
        actual.copyFrom(expected);
        try (OneDnnBackend bf16 = new OneDnnBackend(1, Precision.BF16)) {
            Gemm attention = bf16.attentionGemm();
            switch (layout) {
                case "transposedB" -> {
                    reference.matmulTransposedB(m, n, k, 0.125f, rounded(a), 0, lda, rounded(b), 0, ldb, 0f, expected, 0, ldc);
                    attention.matmulTransposedB(m, n, k, 0.125f, a, 0, lda, b, 0, ldb, 0f, actual, 0, ldc);
                }
                case "transposedA" -> {
                    reference.matmulTransposedA(m, n, k, 0.125f, rounded(a), 0, lda, rounded(b), 0, ldb, 0f, expected, 0, ldc);
                    attention.matmulTransposedA(m, n, k, 0.125f, a, 0, lda, b, 0, ldb, 0f, actual, 0, ldc);
                }
                default -> {
                    reference.matmul(m, n, k, 1f, rounded(a), 0, lda, rounded(b), 0, ldb, 0f, expected, 0, ldc);
                    attention.matmul(m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, actual, 0, ldc);
                }
            }
            assertTrue(attention.name().contains("bf16"), attention.name());
            assertTrue(bf16.gemm().name().contains("f32"), "the heads stay F32: " + bf16.gemm().name());
        }
        assertClose(expected, actual, (long) m * ldc, k);
    }

    /** Every float of {@code s} rounded to BF16 and back. */
    private MemorySegment rounded(MemorySegment s) {
        MemorySegment r = arena.allocate(s.byteSize(), 64);
        for (long i = 0; i < s.byteSize() / 4; i++) {
            r.setAtIndex(JAVA_FLOAT, i, Float.intBitsToFloat(Bf16Rounding.round(s.getAtIndex(JAVA_FLOAT, i)) << 16));
        }
        return r;
    }

    @Test
    void oneDnnRefusesHeapOperandsBeforeTheNativeCall() {
        MemorySegment heap = MemorySegment.ofArray(new float[16]);
        MemorySegment c = arena.allocate(16 * 4, 64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> oneDnn.gemm().matmul(4, 4, 4, 1f, heap, 0, 4, heap, 0, 4, 0f, c, 0, 4));
        assertTrue(e.getMessage().contains("native memory"), e.getMessage());
    }
}
