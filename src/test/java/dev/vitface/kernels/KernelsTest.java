package dev.vitface.kernels;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Vector kernels against their scalar twins over awkward lengths. The scalar twin sums in
 * double, the vector one in float, so the bound grows with the row length: a float sum of n
 * terms is off by at most about n·ulp relative to the magnitudes involved.
 */
class KernelsTest {
    private static final Kernels VECTOR = new VectorKernels();
    private static final Kernels SCALAR = ScalarKernels.INSTANCE;
    /** Feature counts for the feature-major kernels: ViT-L's width and one that is no multiple of 16. */
    private static final int[] FEATURES = {1024, 77};

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

    private static void assertSameBits(MemorySegment expected, MemorySegment actual, long n, String what) {
        for (long i = 0; i < n; i++) {
            int e = Float.floatToRawIntBits(expected.getAtIndex(JAVA_FLOAT, i));
            int a = Float.floatToRawIntBits(actual.getAtIndex(JAVA_FLOAT, i));
            assertEquals(e, a, what + " at " + i);
        }
    }

    /** Every float of the first n outside the rows×cols block at off (rows ld apart) kept its bits. */
    private static void assertOutsideUntouched(MemorySegment before, MemorySegment after, long n, long off, int rows,
                                               int cols, int ld, String what) {
        for (long i = 0; i < n; i++) {
            long r = Math.floorDiv(i - off, ld), c = Math.floorMod(i - off, ld);
            if (r >= 0 && r < rows && c < cols) continue;
            assertEquals(Float.floatToRawIntBits(before.getAtIndex(JAVA_FLOAT, i)),
                    Float.floatToRawIntBits(after.getAtIndex(JAVA_FLOAT, i)), what + " touched " + i);
        }
    }

    /** The naive transpose the tests trust: {@code dst[c, r] = src[r, c]}. */
    private static void naiveTranspose(MemorySegment src, long srcOff, int rows, int cols, int srcLd,
                                       MemorySegment dst, long dstOff, int dstLd) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                dst.setAtIndex(JAVA_FLOAT, dstOff + (long) c * dstLd + r,
                        src.getAtIndex(JAVA_FLOAT, srcOff + (long) r * srcLd + c));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 64, 257, 1023})
    void layerNormColumnsMatchesScalarAndStaysInItsColumns(int count) {
        for (int features : FEATURES) {
            int xOff = 3, ld = count + 8; // columns before xOff and padding after the block
            long n = (long) features * ld;
            MemorySegment x = random(n, count + features, 2.0, 0.5);
            MemorySegment gamma = random(features, 1, 0.1, 1.0);
            MemorySegment beta = random(features, 2, 0.02, 0.0);
            MemorySegment ys = random(n, 3, 1.0, 0);
            MemorySegment yv = copy(ys);
            MemorySegment before = copy(ys);
            SCALAR.layerNormColumns(x, xOff, ys, xOff, features, count, ld, gamma, beta, 1e-5f);
            VECTOR.layerNormColumns(x, xOff, yv, xOff, features, count, ld, gamma, beta, 1e-5f);
            String what = "layerNormColumns " + features + "x" + count;
            assertClose(ys, yv, n, tolerance(features) * 4, what);
            assertOutsideUntouched(before, yv, n, xOff, features, count, ld, what);
            assertOutsideUntouched(before, ys, n, xOff, features, count, ld, "scalar " + what);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 64, 257, 1023})
    void layerNormColumnsIsLayerNormOfTheTranspose(int count) {
        for (int features : FEATURES) {
            int xOff = 2, ld = count + 5;
            long n = (long) features * ld;
            MemorySegment x = random(n, count * 31 + features, 2.0, 0.5);
            MemorySegment gamma = random(features, 4, 0.1, 1.0);
            MemorySegment beta = random(features, 5, 0.02, 0.0);
            MemorySegment tokens = arena.allocate((long) count * features * 4, 64);
            naiveTranspose(x, xOff, features, count, ld, tokens, 0, features);
            SCALAR.layerNorm(tokens, 0, tokens, 0, count, features, gamma, beta, 1e-5f);
            MemorySegment expected = copy(x);
            naiveTranspose(tokens, 0, count, features, features, expected, xOff, ld);
            MemorySegment yv = copy(x);
            VECTOR.layerNormColumns(x, xOff, yv, xOff, features, count, ld, gamma, beta, 1e-5f);
            assertClose(expected, yv, n, tolerance(features) * 4, "layerNormColumns vs layerNorm " + features);
            MemorySegment ys = copy(x);
            SCALAR.layerNormColumns(x, xOff, ys, xOff, features, count, ld, gamma, beta, 1e-5f);
            assertSameBits(expected, ys, n, "scalar layerNormColumns vs layerNorm " + features);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 64, 257, 1023})
    void layerNormColumnsIsInPlaceSafeRepeatableAndLaneIndependent(int count) {
        for (int features : FEATURES) {
            int xOff = 1, ld = count + 3;
            long n = (long) features * ld;
            MemorySegment x = random(n, count + 7 * features, 1.0, 0);
            MemorySegment gamma = random(features, 6, 0.1, 1.0);
            MemorySegment beta = random(features, 7, 0.02, 0.0);
            MemorySegment out = copy(x);
            VECTOR.layerNormColumns(x, xOff, out, xOff, features, count, ld, gamma, beta, 1e-5f);
            MemorySegment again = copy(x);
            VECTOR.layerNormColumns(x, xOff, again, xOff, features, count, ld, gamma, beta, 1e-5f);
            assertSameBits(out, again, n, "second run " + features);
            MemorySegment inPlace = copy(x);
            VECTOR.layerNormColumns(inPlace, xOff, inPlace, xOff, features, count, ld, gamma, beta, 1e-5f);
            assertSameBits(out, inPlace, n, "in-place " + features);
            // One column further on, every column lands in another lane (or the tail): same bits.
            MemorySegment shifted = copy(x);
            VECTOR.layerNormColumns(x, xOff + 1, shifted, xOff + 1, features, count - 1, ld, gamma, beta, 1e-5f);
            for (int f = 0; f < features; f++) {
                for (int c = 1; c < count; c++) {
                    long i = xOff + (long) f * ld + c;
                    assertEquals(Float.floatToRawIntBits(out.getAtIndex(JAVA_FLOAT, i)),
                            Float.floatToRawIntBits(shifted.getAtIndex(JAVA_FLOAT, i)), "shifted at " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 64, 257, 1023})
    void rowBiasKernelsMatchScalarAndTheTokenMajorKernels(int cols) {
        for (int rows : FEATURES) {
            int off = 2, ld = cols + 5;
            long n = (long) rows * ld;
            MemorySegment bias = random(rows, cols + 1, 0.5, 0);
            MemorySegment y = random(n, cols + 31, 3.0, 0);
            MemorySegment tokens = arena.allocate((long) cols * rows * 4, 64);
            String shape = " " + rows + "x" + cols;

            MemorySegment ys = copy(y), yv = copy(y), yt = copy(y);
            SCALAR.addRowBias(ys, off, rows, cols, ld, bias);
            VECTOR.addRowBias(yv, off, rows, cols, ld, bias);
            assertClose(ys, yv, n, 1e-7, "addRowBias" + shape);
            assertOutsideUntouched(y, yv, n, off, rows, cols, ld, "addRowBias" + shape);
            VECTOR.transpose(y, off, rows, cols, ld, tokens, 0, rows);
            VECTOR.addBias(tokens, 0, cols, rows, rows, bias);
            VECTOR.transpose(tokens, 0, cols, rows, rows, yt, off, ld);
            assertSameBits(yt, yv, n, "addRowBias vs addBias" + shape);

            ys = copy(y);
            yv = copy(y);
            yt = copy(y);
            SCALAR.addRowBiasQuickGelu(ys, off, rows, cols, ld, bias);
            VECTOR.addRowBiasQuickGelu(yv, off, rows, cols, ld, bias);
            assertClose(ys, yv, n, 4e-6, "addRowBiasQuickGelu" + shape);
            assertOutsideUntouched(y, yv, n, off, rows, cols, ld, "addRowBiasQuickGelu" + shape);
            VECTOR.transpose(y, off, rows, cols, ld, tokens, 0, rows);
            VECTOR.addBiasQuickGelu(tokens, 0, cols, rows, bias);
            VECTOR.transpose(tokens, 0, cols, rows, rows, yt, off, ld);
            assertSameBits(yt, yv, n, "addRowBiasQuickGelu vs addBiasQuickGelu" + shape);

            MemorySegment h = random(n, cols + 41, 1.0, 0);
            MemorySegment hs = copy(h), hv = copy(h), ht = copy(h);
            SCALAR.addRowBiasResidual(hs, off, y, off, rows, cols, ld, bias);
            VECTOR.addRowBiasResidual(hv, off, y, off, rows, cols, ld, bias);
            assertClose(hs, hv, n, 1e-6, "addRowBiasResidual" + shape);
            assertOutsideUntouched(h, hv, n, off, rows, cols, ld, "addRowBiasResidual" + shape);
            MemorySegment tokensY = arena.allocate((long) cols * rows * 4, 64);
            VECTOR.transpose(h, off, rows, cols, ld, tokens, 0, rows);
            VECTOR.transpose(y, off, rows, cols, ld, tokensY, 0, rows);
            VECTOR.addBiasResidual(tokens, 0, tokensY, 0, cols, rows, bias);
            VECTOR.transpose(tokens, 0, cols, rows, rows, ht, off, ld);
            assertSameBits(ht, hv, n, "addRowBiasResidual vs addBiasResidual" + shape);
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "1, 257", "257, 1", "33, 70", "257, 1024"})
    void transposeMatchesNaiveLoopAndTwiceIsIdentity(int rows, int cols) {
        int srcOff = 1, srcLd = cols + 3, dstOff = 2, dstLd = rows + 5;
        long srcN = srcOff + (long) rows * srcLd, dstN = dstOff + (long) cols * dstLd;
        MemorySegment src = random(srcN, rows * 1000L + cols, 1.0, 0);
        MemorySegment dst = random(dstN, 11, 1.0, 0);
        MemorySegment expected = copy(dst);
        naiveTranspose(src, srcOff, rows, cols, srcLd, expected, dstOff, dstLd);
        for (Kernels k : new Kernels[] {SCALAR, VECTOR}) {
            MemorySegment t = copy(dst);
            k.transpose(src, srcOff, rows, cols, srcLd, t, dstOff, dstLd);
            assertSameBits(expected, t, dstN, k.name() + " transpose " + rows + "x" + cols);
            MemorySegment back = copy(src);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) back.setAtIndex(JAVA_FLOAT, srcOff + (long) r * srcLd + c, -1f);
            }
            k.transpose(t, dstOff, cols, rows, dstLd, back, srcOff, srcLd);
            assertSameBits(src, back, srcN, k.name() + " transpose twice " + rows + "x" + cols);
        }
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
