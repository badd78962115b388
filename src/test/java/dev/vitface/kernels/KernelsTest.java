package dev.vitface.kernels;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Vector kernels against their scalar twins over awkward lengths. The scalar twin sums in
 * double, the vector one in float, so the bound grows with the row length: a float sum of n
 * terms is off by at most about n·ulp relative to the magnitudes involved.
 */
class KernelsTest {
    private static final Kernels VECTOR = new VectorKernels();
    private static final Kernels SCALAR = ScalarKernels.INSTANCE;

    private static double tolerance(int n) {
        return 1e-6 * (1 + Math.sqrt(n)) + 2e-7 * Math.log(n + 1);
    }

    private final Arena arena = Arena.ofAuto();

    private MemorySegment random(long n, long seed, double scale, double offset) {
        Random r = new Random(seed);
        MemorySegment s = arena.allocate(Math.max(1, n) * 4, 64);
        for (long i = 0; i < n; i++) s.setAtIndex(JAVA_FLOAT, i, (float) (offset + scale * r.nextGaussian()));
        return s;
    }

    private MemorySegment copy(MemorySegment s) {
        MemorySegment c = arena.allocate(s.byteSize(), 64);
        c.copyFrom(s);
        return c;
    }

    private static void assertClose(MemorySegment expected, MemorySegment actual, long n, double tol, String what) {
        for (long i = 0; i < n; i++) {
            float e = expected.getAtIndex(JAVA_FLOAT, i);
            float a = actual.getAtIndex(JAVA_FLOAT, i);
            double bound = tol * Math.max(1, Math.abs(e));
            assertTrue(Math.abs(e - a) <= bound, what + " at " + i + ": scalar " + e + " vector " + a + " (bound " + bound + ")");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 64, 207, 257, 1023, 1024, 4097})
    void layerNormMatchesScalar(int cols) {
        int rows = 3;
        MemorySegment x = random((long) rows * cols, cols, 2.0, 0.5);
        MemorySegment gamma = random(cols, 1, 0.1, 1.0);
        MemorySegment beta = random(cols, 2, 0.02, 0.0);
        MemorySegment ys = arena.allocate((long) rows * cols * 4, 64);
        MemorySegment yv = arena.allocate((long) rows * cols * 4, 64);
        SCALAR.layerNorm(x, 0, ys, 0, rows, cols, gamma, beta, 1e-5f);
        VECTOR.layerNorm(x, 0, yv, 0, rows, cols, gamma, beta, 1e-5f);
        assertClose(ys, yv, (long) rows * cols, tolerance(cols) * 4, "layerNorm");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 64, 207, 257, 1023, 1024, 4097})
    void layerNormInPlaceEqualsOutOfPlace(int cols) {
        MemorySegment x = random(cols, 3, 1.0, 0);
        MemorySegment gamma = random(cols, 4, 0.1, 1.0);
        MemorySegment beta = random(cols, 5, 0.02, 0.0);
        MemorySegment out = arena.allocate((long) cols * 4, 64);
        VECTOR.layerNorm(x, 0, out, 0, 1, cols, gamma, beta, 1e-5f);
        MemorySegment inPlace = copy(x);
        VECTOR.layerNorm(inPlace, 0, inPlace, 0, 1, cols, gamma, beta, 1e-5f);
        assertClose(out, inPlace, cols, 0, "in-place layerNorm");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 64, 207, 257, 1023, 1024, 4097})
    void softmaxMatchesScalarAndSumsToOne(int cols) {
        int rows = 2;
        int ld = cols + 3; // rows not packed: the padding must stay untouched
        MemorySegment s = random((long) rows * ld, cols + 11, 4.0, 0);
        MemorySegment v = copy(s);
        SCALAR.softmaxRows(s, 0, rows, cols, ld);
        VECTOR.softmaxRows(v, 0, rows, cols, ld);
        assertClose(s, v, (long) rows * ld, tolerance(cols) * 4, "softmax");
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int c = 0; c < cols; c++) sum += v.getAtIndex(JAVA_FLOAT, (long) r * ld + c);
            assertEquals(1.0, sum, tolerance(cols) * 4, "row " + r + " sums to one");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 64, 207, 257, 1023, 1024, 4097})
    void biasQuickGeluMatchesScalar(int cols) {
        int rows = 2;
        MemorySegment y = random((long) rows * cols, cols + 21, 3.0, 0);
        MemorySegment bias = random(cols, 6, 0.5, 0);
        MemorySegment v = copy(y);
        SCALAR.addBiasQuickGelu(y, 0, rows, cols, bias);
        VECTOR.addBiasQuickGelu(v, 0, rows, cols, bias);
        assertClose(y, v, (long) rows * cols, 4e-6, "quick-GELU");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 64, 207, 257, 1023, 1024, 4097})
    void biasAndResidualAddsMatchScalar(int cols) {
        int rows = 3;
        int ld = cols + 5;
        MemorySegment bias = random(cols, 7, 0.5, 0);
        MemorySegment y = random((long) rows * ld, cols + 31, 1.0, 0);
        MemorySegment yv = copy(y);
        SCALAR.addBias(y, 0, rows, cols, ld, bias);
        VECTOR.addBias(yv, 0, rows, cols, ld, bias);
        assertClose(y, yv, (long) rows * ld, 1e-7, "addBias");

        MemorySegment h = random((long) rows * cols, cols + 41, 1.0, 0);
        MemorySegment hv = copy(h);
        MemorySegment p = random((long) rows * cols, cols + 51, 1.0, 0);
        SCALAR.addBiasResidual(h, 0, p, 0, rows, cols, bias);
        VECTOR.addBiasResidual(hv, 0, p, 0, rows, cols, bias);
        assertClose(h, hv, (long) rows * cols, 1e-6, "addBiasResidual");

        MemorySegment d = random(cols, cols + 61, 1.0, 0);
        MemorySegment dv = copy(d);
        SCALAR.add(d, 0, p, 0, cols);
        VECTOR.add(dv, 0, p, 0, cols);
        assertClose(d, dv, cols, 0, "add");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 13, 257})
    void scalarLayerNormHasZeroMeanUnitVariance(int cols) {
        MemorySegment x = random(cols, 9, 5.0, 3.0);
        MemorySegment ones = arena.allocate((long) cols * 4, 64);
        MemorySegment zeros = arena.allocate((long) cols * 4, 64);
        for (int i = 0; i < cols; i++) ones.setAtIndex(JAVA_FLOAT, i, 1f);
        MemorySegment y = arena.allocate((long) cols * 4, 64);
        SCALAR.layerNorm(x, 0, y, 0, 1, cols, ones, zeros, 1e-5f);
        double mean = 0, var = 0;
        for (int i = 0; i < cols; i++) mean += y.getAtIndex(JAVA_FLOAT, i);
        mean /= cols;
        for (int i = 0; i < cols; i++) var += Math.pow(y.getAtIndex(JAVA_FLOAT, i) - mean, 2);
        var /= cols;
        assertEquals(0, mean, 1e-6);
        if (cols > 1) assertEquals(1, var, 1e-4);
    }
}
