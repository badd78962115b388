package dev.vitface.backend.dnnl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vitface.backend.Precision;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What {@code serve}'s promise rests on (a face's answer is the same bits whatever batch it
 * shares): on oneDNN, a row's output does not depend on how many rows share the call or where
 * they start, for every ViT-L/14 layer shape, from 2 rows to eight images' tokens. A single row
 * may take another path (fc2's K of 4096 does on AVX-512), which is why the forward pass runs
 * its one-row products (the CLS-only last layer) one row per call whatever the batch.
 */
class OneDnnRowInvarianceTest {
    private static final int ROWS = 2056;
    /** (first row, row count) blocks, against the same rows of one call over all ROWS rows. */
    private static final int[][] BLOCKS = {{0, 2}, {7, 3}, {1, 16}, {40, 17}, {0, 128}, {129, 128}, {0, 129},
            {128, 129}, {3, 257}, {257, 257}, {771, 514}, {0, 1028}, {1028, 1028}, {5, 1799}};

    private static DnnlContext context;
    private static Arena arena;

    @BeforeAll
    static void open() {
        context = new DnnlContext(OneDnn.load());
        arena = Arena.ofShared();
    }

    @AfterAll
    static void close() {
        context.close();
        arena.close();
    }

    @ParameterizedTest(name = "{0} [{1}, {2}]")
    @CsvSource({"FP32, 1024, 1024", "FP32, 4096, 1024", "FP32, 1024, 4096", "FP32, 1024, 588",
            "BF16, 1024, 1024", "BF16, 4096, 1024", "BF16, 1024, 4096", "BF16, 1024, 588"})
    void aRowsOutputDoesNotDependOnTheRowsBesideIt(Precision precision, int out, int in) {
        if (precision == Precision.BF16) {
            org.junit.jupiter.api.Assumptions.assumeTrue(Bf16Support.probe().available(), "no BF16 here");
        }
        SplittableRandom random = new SplittableRandom(out + 7L * in);
        MemorySegment w = gaussian(random, (long) out * in, 0.05f);
        MemorySegment x = gaussian(random, (long) ROWS * in, 1f);
        OneDnnLinear linear = new OneDnnLinear(context, precision, arena, w, out, in);
        try {
            MemorySegment all = arena.allocate((long) ROWS * out * Float.BYTES, 64);
            linear.apply(x, 0, ROWS, all, 0, out);
            for (int[] block : BLOCKS) {
                int first = block[0];
                int rows = block[1];
                MemorySegment y = arena.allocate((long) rows * out * Float.BYTES, 64);
                linear.apply(x, (long) first * in, rows, y, 0, out);
                long differing = 0;
                for (long i = 0; i < (long) rows * out; i++) {
                    if (Float.floatToRawIntBits(y.getAtIndex(ValueLayout.JAVA_FLOAT, i))
                            != Float.floatToRawIntBits(all.getAtIndex(ValueLayout.JAVA_FLOAT, (long) first * out + i))) {
                        differing++;
                    }
                }
                assertEquals(0, differing, "rows " + first + ".." + (first + rows - 1) + " alone against within "
                        + ROWS + " rows (" + linear.implementations() + ")");
            }
        } finally {
            linear.close();
        }
    }

    private static MemorySegment gaussian(SplittableRandom random, long count, float scale) {
        MemorySegment s = arena.allocate(count * Float.BYTES, 64);
        for (long i = 0; i < count; i++) s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (random.nextGaussian() * scale));
        return s;
    }
}
