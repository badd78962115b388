package dev.vitface.kernels;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lane kernels give the vector kernels' bits, kernel for kernel, over lengths that leave every
 * remainder (pairs of vectors, a single vector, a scalar tail), at offsets that are no multiple of
 * the vector width, on values from tiny to large with both signs.
 */
class LaneKernelsTest {
    private static final Kernels VECTOR = VectorKernelsHolder.INSTANCE;
    private static final Kernels LANES = VectorKernelsHolder.LANES;
    private static final long OFFSET = 3;

    private final Arena arena = Arena.ofAuto();

    private MemorySegment random(long n, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        MemorySegment s = arena.allocate((OFFSET + n + 1) * 4, 64);
        for (long i = 0; i < OFFSET + n + 1; i++) {
            double v = scale * r.nextGaussian() * (r.nextInt(8) == 0 ? 40 : 1);
            s.setAtIndex(JAVA_FLOAT, i, (float) v);
        }
        return s;
    }

    private MemorySegment copy(MemorySegment s) {
        return arena.allocate(s.byteSize(), 64).copyFrom(s);
    }

    private static void assertSameBits(MemorySegment vector, MemorySegment lanes, String what) {
        for (long i = 0; i < vector.byteSize() / 4; i++) {
            assertEquals(Float.floatToRawIntBits(vector.getAtIndex(JAVA_FLOAT, i)),
                    Float.floatToRawIntBits(lanes.getAtIndex(JAVA_FLOAT, i)),
                    what + " at float " + i + ": vector " + vector.getAtIndex(JAVA_FLOAT, i) + ", lanes "
                            + lanes.getAtIndex(JAVA_FLOAT, i));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 16, 17, 31, 32, 33, 48, 63, 257, 1024, 1031})
    void rowKernels(int cols) {
        int rows = 3;
        long n = (long) rows * cols;
        MemorySegment x = random(n, cols, 2.0);
        MemorySegment gamma = random(cols, 1, 0.3);
        MemorySegment beta = random(cols, 2, 0.1);
        MemorySegment bias = random(cols, 4, 1.0);

        MemorySegment yv = copy(x), yl = copy(x);
        VECTOR.layerNorm(x, OFFSET, yv, OFFSET, rows, cols, gamma, beta, 1e-5f);
        LANES.layerNorm(x, OFFSET, yl, OFFSET, rows, cols, gamma, beta, 1e-5f);
        assertSameBits(yv, yl, "layerNorm " + cols);

        MemorySegment sv = copy(x), sl = copy(x);
        VECTOR.softmaxRows(sv, OFFSET, rows, cols, cols);
        LANES.softmaxRows(sl, OFFSET, rows, cols, cols);
        assertSameBits(sv, sl, "softmaxRows " + cols);

        MemorySegment av = copy(x), al = copy(x);
        VECTOR.addBias(av, OFFSET, rows, cols, cols, bias);
        LANES.addBias(al, OFFSET, rows, cols, cols, bias);
        assertSameBits(av, al, "addBias " + cols);

        MemorySegment gv = copy(x), gl = copy(x);
        VECTOR.addBiasQuickGelu(gv, OFFSET, rows, cols, bias);
        LANES.addBiasQuickGelu(gl, OFFSET, rows, cols, bias);
        assertSameBits(gv, gl, "addBiasQuickGelu " + cols);

        MemorySegment y = random(n, 5, 1.0);
        MemorySegment hv = copy(x), hl = copy(x);
        VECTOR.addBiasResidual(hv, OFFSET, y, OFFSET, rows, cols, bias);
        LANES.addBiasResidual(hl, OFFSET, y, OFFSET, rows, cols, bias);
        assertSameBits(hv, hl, "addBiasResidual " + cols);

        MemorySegment dv = copy(x), dl = copy(x);
        VECTOR.add(dv, OFFSET, y, 1, n);
        LANES.add(dl, OFFSET, y, 1, n);
        assertSameBits(dv, dl, "add " + cols);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 16, 17, 33, 257, 1031})
    void featureMajorKernels(int count) {
        int features = 77;
        int ld = count + 5;
        long n = (long) features * ld;
        MemorySegment x = random(n, count, 2.0);
        MemorySegment gamma = random(features, 1, 0.3);
        MemorySegment beta = random(features, 2, 0.1);
        MemorySegment bias = random(features, 4, 1.0);

        MemorySegment yv = copy(x), yl = copy(x);
        VECTOR.layerNormColumns(x, OFFSET, yv, OFFSET, features, count, ld, gamma, beta, 1e-5f);
        LANES.layerNormColumns(x, OFFSET, yl, OFFSET, features, count, ld, gamma, beta, 1e-5f);
        assertSameBits(yv, yl, "layerNormColumns " + count);

        MemorySegment av = copy(x), al = copy(x);
        VECTOR.addRowBias(av, OFFSET, features, count, ld, bias);
        LANES.addRowBias(al, OFFSET, features, count, ld, bias);
        assertSameBits(av, al, "addRowBias " + count);

        MemorySegment gv = copy(x), gl = copy(x);
        VECTOR.addRowBiasQuickGelu(gv, OFFSET, features, count, ld, bias);
        LANES.addRowBiasQuickGelu(gl, OFFSET, features, count, ld, bias);
        assertSameBits(gv, gl, "addRowBiasQuickGelu " + count);

        MemorySegment y = random(n, 5, 1.0);
        MemorySegment hv = copy(x), hl = copy(x);
        VECTOR.addRowBiasResidual(hv, OFFSET, y, OFFSET, features, count, ld, bias);
        LANES.addRowBiasResidual(hl, OFFSET, y, OFFSET, features, count, ld, bias);
        assertSameBits(hv, hl, "addRowBiasResidual " + count);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 16, 257})
    void layerNormInPlace(int cols) {
        MemorySegment x = random((long) 2 * cols, cols, 2.0);
        MemorySegment gamma = random(cols, 1, 0.3);
        MemorySegment beta = random(cols, 2, 0.1);
        MemorySegment v = copy(x), l = copy(x);
        VECTOR.layerNorm(v, OFFSET, v, OFFSET, 2, cols, gamma, beta, 1e-5f);
        LANES.layerNorm(l, OFFSET, l, OFFSET, 2, cols, gamma, beta, 1e-5f);
        assertSameBits(v, l, "in-place layerNorm " + cols);
    }
}
