package dev.vitface.kernels;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
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

    /** Runs {@code kernel} on a copy of {@code start} with each implementation; the copies must end with the same bits. */
    private void assertSameBits(String what, MemorySegment start, BiConsumer<Kernels, MemorySegment> kernel) {
        MemorySegment vector = copy(start), lanes = copy(start);
        kernel.accept(VECTOR, vector);
        kernel.accept(LANES, lanes);
        for (long i = 0; i < vector.byteSize() / 4; i++) {
            assertEquals(Float.floatToRawIntBits(vector.getAtIndex(JAVA_FLOAT, i)),
                    Float.floatToRawIntBits(lanes.getAtIndex(JAVA_FLOAT, i)),
                    what + " at float " + i + ": vector " + vector.getAtIndex(JAVA_FLOAT, i) + ", lanes "
                            + lanes.getAtIndex(JAVA_FLOAT, i));
        }
    }

    /** A kernel's inputs: x and y of {@code n} floats, and layer norm and bias vectors of {@code width}. */
    private record Operands(MemorySegment x, MemorySegment gamma, MemorySegment beta, MemorySegment bias, MemorySegment y) {}

    private Operands operands(long n, int width, long xSeed) {
        return new Operands(random(n, xSeed, 2.0), random(width, 1, 0.3), random(width, 2, 0.1), random(width, 4, 1.0),
                random(n, 5, 1.0));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 16, 17, 31, 32, 33, 48, 63, 257, 1024, 1031})
    void rowKernels(int cols) {
        int rows = 3;
        long n = (long) rows * cols;
        Operands o = operands(n, cols, cols);
        MemorySegment x = o.x(), gamma = o.gamma(), beta = o.beta(), bias = o.bias(), y = o.y();
        assertSameBits("layerNorm " + cols, x, (k, out) -> k.layerNorm(x, OFFSET, out, OFFSET, rows, cols, gamma, beta, 1e-5f));
        assertSameBits("in-place layerNorm " + cols, x,
                (k, out) -> k.layerNorm(out, OFFSET, out, OFFSET, rows, cols, gamma, beta, 1e-5f));
        assertSameBits("softmaxRows " + cols, x, (k, out) -> k.softmaxRows(out, OFFSET, rows, cols, cols));
        assertSameBits("addBias " + cols, x, (k, out) -> k.addBias(out, OFFSET, rows, cols, cols, bias));
        assertSameBits("addBiasQuickGelu " + cols, x, (k, out) -> k.addBiasQuickGelu(out, OFFSET, rows, cols, bias));
        assertSameBits("addBiasResidual " + cols, x, (k, out) -> k.addBiasResidual(out, OFFSET, y, OFFSET, rows, cols, bias));
        assertSameBits("add " + cols, x, (k, out) -> k.add(out, OFFSET, y, 1, n));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 16, 17, 33, 257, 1031})
    void featureMajorKernels(int count) {
        int features = 77;
        int ld = count + 5;
        long n = (long) features * ld;
        Operands o = operands(n, features, count);
        MemorySegment x = o.x(), gamma = o.gamma(), beta = o.beta(), bias = o.bias(), y = o.y();
        assertSameBits("layerNormColumns " + count, x,
                (k, out) -> k.layerNormColumns(x, OFFSET, out, OFFSET, features, count, ld, gamma, beta, 1e-5f));
        assertSameBits("addRowBias " + count, x, (k, out) -> k.addRowBias(out, OFFSET, features, count, ld, bias));
        assertSameBits("addRowBiasQuickGelu " + count, x,
                (k, out) -> k.addRowBiasQuickGelu(out, OFFSET, features, count, ld, bias));
        assertSameBits("addRowBiasResidual " + count, x,
                (k, out) -> k.addRowBiasResidual(out, OFFSET, y, OFFSET, features, count, ld, bias));
    }
}
