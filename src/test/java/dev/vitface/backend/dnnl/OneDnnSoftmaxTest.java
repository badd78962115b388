package dev.vitface.backend.dnnl;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.backend.RowSoftmax;
import dev.vitface.kernels.ScalarKernels;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** oneDNN's softmax against the scalar kernels' (double sums: the reference), on attention's shapes and awkward ones. */
class OneDnnSoftmaxTest {
    /** Probabilities are at most 1: float rounding of exp, the sum and the division stays well inside this. */
    private static final double ATOL = 1e-6;

    private static DnnlContext context;
    private static final AtomicInteger fallbackCalls = new AtomicInteger();
    private static OneDnnSoftmax softmax;
    private final Arena arena = Arena.ofAuto();

    @BeforeAll
    static void open() {
        context = new DnnlContext(OneDnn.load());
        RowSoftmax counting = (s, off, rows, cols, ld) -> {
            fallbackCalls.incrementAndGet();
            ScalarKernels.INSTANCE.softmaxRows(s, off, rows, cols, ld);
        };
        softmax = new OneDnnSoftmax(context, counting);
    }

    @AfterAll
    static void close() {
        softmax.close();
        context.close();
    }

    /** Scores spread like attention's, with some rows far from zero so the max subtraction matters. */
    private MemorySegment scores(long floats, long seed) {
        Random r = new Random(seed);
        MemorySegment s = arena.allocate(floats * Float.BYTES, 64);
        for (long i = 0; i < floats; i++) s.setAtIndex(JAVA_FLOAT, i, (float) (r.nextGaussian() * 4 + (i % 7 == 0 ? 80 : 0)));
        return s;
    }

    private MemorySegment copy(MemorySegment s) {
        MemorySegment c = arena.allocate(s.byteSize(), 64);
        c.copyFrom(s);
        return c;
    }

    @ParameterizedTest
    @CsvSource({"257, 257, 257, 0", "1, 257, 257, 0", "3, 17, 20, 5", "2, 1, 1, 0", "5, 300, 301, 3"})
    void matchesTheScalarKernelsAndLeavesTheGapsAlone(int rows, int cols, int ld, int offset) {
        long floats = offset + (long) rows * ld;
        MemorySegment input = scores(floats, rows * 31L + cols);
        MemorySegment expected = copy(input);
        ScalarKernels.INSTANCE.softmaxRows(expected, offset, rows, cols, ld);
        MemorySegment actual = copy(input);
        softmax.softmaxRows(actual, offset, rows, cols, ld);
        for (long i = 0; i < floats; i++) {
            boolean inBlock = i >= offset && (i - offset) % ld < cols;
            float e = expected.getAtIndex(JAVA_FLOAT, i), a = actual.getAtIndex(JAVA_FLOAT, i);
            if (inBlock) {
                assertTrue(Math.abs(e - a) <= ATOL, "float " + i + ": scalar " + e + ", oneDNN " + a);
            } else {
                assertEquals(input.getAtIndex(JAVA_FLOAT, i), a, "float " + i + " lies outside the block and must not change");
            }
        }
    }

    @Test
    void aRowsResultDoesNotDependOnTheRowsBesideIt() {
        int tokens = 257;
        MemorySegment block = scores((long) tokens * tokens, 7);
        MemorySegment alone = arena.allocate((long) tokens * Float.BYTES, 64);
        alone.copyFrom(block.asSlice(0, (long) tokens * Float.BYTES));
        softmax.softmaxRows(block, 0, tokens, tokens, tokens);
        softmax.softmaxRows(alone, 0, 1, tokens, tokens);
        for (int c = 0; c < tokens; c++) {
            assertEquals(Float.floatToRawIntBits(block.getAtIndex(JAVA_FLOAT, c)),
                    Float.floatToRawIntBits(alone.getAtIndex(JAVA_FLOAT, c)), "column " + c + " of the CLS row");
        }
    }

    @Test
    void attentionsShapesRunOptimisedKernels() {
        int before = fallbackCalls.get();
        softmax.softmaxRows(scores(257L * 257, 3), 0, 257, 257, 257);
        softmax.softmaxRows(scores(257, 4), 0, 1, 257, 257);
        assertEquals(before, fallbackCalls.get(), "no call fell back: " + softmax.implementations());
        assertTrue(softmax.implementations().values().stream().noneMatch(i -> i.startsWith("ref")),
                "optimised kernels, not oneDNN's reference: " + softmax.implementations());
    }

    @Test
    void rejectsBlocksOutsideTheirSegmentBeforeOneDnnSeesThem() {
        MemorySegment small = arena.allocate(100L * Float.BYTES, 64);
        assertThrows(IndexOutOfBoundsException.class, () -> softmax.softmaxRows(small, 0, 2, 60, 60));
        assertThrows(IndexOutOfBoundsException.class, () -> softmax.softmaxRows(small, 50, 1, 60, 60));
        assertThrows(IllegalArgumentException.class, () -> softmax.softmaxRows(small, 0, 2, 40, 30));
        assertThrows(IllegalArgumentException.class,
                () -> softmax.softmaxRows(MemorySegment.ofArray(new float[64]), 0, 1, 64, 64));
    }
}
