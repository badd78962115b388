package dev.vitface.backend.dnnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vitface.backend.Epilogue;
import dev.vitface.backend.JavaGemm;
import dev.vitface.backend.Parallel;
import dev.vitface.backend.Precision;
import dev.vitface.backend.PreparedLinear;
import dev.vitface.kernels.Bf16Rounding;
import dev.vitface.kernels.ScalarKernels;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The oneDNN linear layer against double-precision references, per output
 * {@code y = Σ x_k·w_k} with {@code S = Σ |x_k·w_k|}.
 *
 * <p>FP32 against the Java reference twin ({@link JavaGemm}, double accumulation) on awkward
 * sizes: {@code 1e-5·S}, since only the F32 accumulation order differs (a relative error of
 * ~1e-5 of the terms' magnitude; K ≤ 4096 sums stay far inside it in practice).
 *
 * <p>BF16 on the ViT-L/14 shapes, two bounds:
 * <ul>
 *   <li>against the exact product of the BF16-rounded inputs: {@code 1e-5·S} (only F32
 *       accumulation differs; K ≤ 4096 sums stay far inside it);</li>
 *   <li>against the exact F32 product: {@code 2^-8·S + 1e-5·S}, since rounding x and w to BF16 (8
 *       significant bits, relative error ≤ 2^-9 each) moves each term by at most ~2^-8 of itself.</li>
 * </ul>
 */
class OneDnnLinearTest {
    /** The ViT-L/14 layers' [out, in] and the heads' width. */
    private static final int[][] SHAPES = {{1024, 1024}, {4096, 1024}, {1024, 4096}, {1024, 588}, {18, 1024}};
    /** Row blocks the engine's schedules hand a layer, from one row (CLS only) to eight images' tokens. */
    private static final int[] ROW_COUNTS = {1, 7, 13, 128, 129, 257, 1028, 2056};

    private static DnnlContext context;
    private static Arena arena;

    @BeforeAll
    static void open() {
        context = new DnnlContext(OneDnn.load());
        arena = Arena.ofShared();
    }

    private static void assumeBf16() {
        assumeTrue(Bf16Support.probe().available(), () -> "no BF16 here: " + Bf16Support.probe().problem());
    }

    @ParameterizedTest(name = "fp32 [{0}, {1}] x {2} rows, ldy {3}")
    @CsvSource({
        "1024, 1024, 1, 1024",     // one row
        "1024, 4096, 13, 1024",    // fc2's K, a few rows
        "1024, 1024, 257, 3072",   // one image's tokens into the q|k|v buffer (ldy 3·hidden)
        "100, 588, 1028, 100",     // four images' tokens; K = 3·14·14 and N not multiples of 16
        "37, 53, 13, 40",          // every size odd
        "18, 1024, 1, 18",         // narrow N (the heads' width)
    })
    void fp32MatchesTheJavaReferenceTwin(int out, int in, int rows, int ldy) {
        SplittableRandom random = new SplittableRandom(out * 31L + in + rows);
        MemorySegment w = gaussian(random, (long) out * in, 0.05);
        MemorySegment x = gaussian(random, (long) rows * in, 1.0);
        MemorySegment expected = arena.allocate((long) rows * ldy * Float.BYTES, 64);
        MemorySegment scale = arena.allocate((long) rows * ldy * Float.BYTES, 64);
        JavaGemm.INSTANCE.matmulTransposedB(rows, out, in, 1f, x, 0, in, w, 0, in, 0f, expected, 0, ldy);
        JavaGemm.INSTANCE.matmulTransposedB(rows, out, in, 1f, abs(x), 0, in, abs(w), 0, in, 0f, scale, 0, ldy);
        for (WeightLayout layout : WeightLayout.values()) {
            MemorySegment y = arena.allocate((long) rows * ldy * Float.BYTES + 64, 64).fill((byte) 0x7F);
            OneDnnLinear linear = new OneDnnLinear(context, Precision.FP32, layout, arena, w, out, in);
            try {
                linear.apply(x, 0, rows, y, 0, ldy);
                for (int r = 0; r < rows; r++) {
                    for (int n = 0; n < out; n++) {
                        long at = (long) r * ldy + n;
                        float got = y.getAtIndex(ValueLayout.JAVA_FLOAT, at);
                        float want = expected.getAtIndex(ValueLayout.JAVA_FLOAT, at);
                        double bound = 1e-5 * scale.getAtIndex(ValueLayout.JAVA_FLOAT, at);
                        if (!(Math.abs(got - want) <= bound)) {
                            throw new AssertionError(layout + " row " + r + " col " + n + ": " + got + " vs reference "
                                    + want + " (bound " + bound + ")");
                        }
                    }
                    if (ldy > out) {
                        assertEquals(0x7F7F7F7F, y.getAtIndex(ValueLayout.JAVA_INT, (long) r * ldy + out),
                                layout + ": gap untouched");
                    }
                }
                assertTrue(linear.implementations().values().stream().noneMatch(i -> i.contains("ref")),
                        layout + ": optimised kernels, not oneDNN's reference: " + linear.implementations());
            } finally {
                linear.close();
            }
        }
    }

    @AfterAll
    static void close() {
        if (context != null) context.close();
        if (arena != null) arena.close();
    }

    @ParameterizedTest(name = "[{0}, {1}] x {2} rows, ldy {3}")
    @CsvSource({
        "1024, 1024, 1, 1024",     // q/k/v/out_proj, one row
        "1024, 1024, 129, 3072",   // q into the q|k|v buffer (ldy 3·hidden), half of batch 1
        "4096, 1024, 130, 4096",   // fc1
        "1024, 4096, 13, 1024",    // fc2
        "1024, 588, 128, 1024",    // patch embedding: K = 3·14·14, not a multiple of the BF16 pair
        "18, 1024, 7, 18",         // narrow N (the heads' width), odd rows
    })
    void bf16MatchesDoubleReferencesWithinStatedBounds(int out, int in, int rows, int ldy) {
        assumeBf16();
        SplittableRandom random = new SplittableRandom(out * 31L + in);
        MemorySegment w = gaussian(random, (long) out * in, 0.05);
        MemorySegment x = gaussian(random, (long) rows * in, 1.0);
        MemorySegment y = arena.allocate((long) rows * ldy * Float.BYTES + 64, 64).fill((byte) 0x7F);
        OneDnnLinear linear = new OneDnnLinear(context, Precision.BF16, arena, w, out, in);
        try {
            linear.apply(x, 0, rows, y, 0, ldy);
            int[] checkedRows = rows <= 16 ? java.util.stream.IntStream.range(0, rows).toArray()
                    : new int[] {0, 1, rows / 2, rows - 1};
            for (int r : checkedRows) {
                for (int n = 0; n < out; n++) {
                    double exact = 0, rounded = 0, scale = 0;
                    for (int k = 0; k < in; k++) {
                        float xv = x.getAtIndex(ValueLayout.JAVA_FLOAT, (long) r * in + k);
                        float wv = w.getAtIndex(ValueLayout.JAVA_FLOAT, (long) n * in + k);
                        exact += (double) xv * wv;
                        rounded += (double) bf16(xv) * bf16(wv);
                        scale += Math.abs((double) xv * wv);
                    }
                    double got = y.getAtIndex(ValueLayout.JAVA_FLOAT, (long) r * ldy + n);
                    String at = "row " + r + " col " + n;
                    assertTrue(Math.abs(got - rounded) <= 1e-5 * scale, at + ": " + got + " vs bf16-exact " + rounded);
                    assertTrue(Math.abs(got - exact) <= (0x1p-8 + 1e-5) * scale, at + ": " + got + " vs f32-exact " + exact);
                }
                if (ldy > out) {
                    assertEquals(0x7F7F7F7F, y.getAtIndex(ValueLayout.JAVA_INT, (long) r * ldy + out), "gap untouched");
                }
            }
            assertTrue(linear.implementations().values().stream().allMatch(i -> i.contains("bf16") || i.contains("amx")),
                    "native BF16 kernels: " + linear.implementations());
        } finally {
            linear.close();
        }
    }

    @Test
    void bf16WeightLayoutDoesNotDependOnTheRowCount() {
        assumeBf16();
        // OneDnnLinear reorders once for LAYOUT_ROWS rows and runs every row count on that layout.
        for (int[] s : SHAPES) {
            MemorySegment reference = OneDnnLinear.preferredLayout(context, Precision.BF16, OneDnnLinear.LAYOUT_ROWS, s[0], s[1]);
            for (int rows : ROW_COUNTS) {
                MemorySegment md = OneDnnLinear.preferredLayout(context, Precision.BF16, rows, s[0], s[1]);
                assertTrue(context.dnnl.memoryDescEqual(reference, md), "[" + s[0] + ", " + s[1] + "] at " + rows + " rows");
                context.dnnl.destroyMemoryDesc(md);
            }
            context.dnnl.destroyMemoryDesc(reference);
        }
    }

    /**
     * In FP32, oneDNN 3.11 would pick another weight layout for a few rows than for
     * {@link OneDnnLinear#LAYOUT_ROWS}; the one reorder at load still serves every row count: a
     * primitive created on that layout gets an optimised kernel (brgemm), not the reference one.
     */
    @Test
    void fp32RunsEveryRowCountOnTheOneLayoutWithAnOptimisedKernel() {
        for (int[] s : SHAPES) {
            MemorySegment layout = OneDnnLinear.preferredLayout(context, Precision.FP32, OneDnnLinear.LAYOUT_ROWS, s[0], s[1]);
            try {
                for (int rows : ROW_COUNTS) {
                    try (OneDnnMatmul matmul = new OneDnnMatmul(context, OneDnn.F32, rows, s[1], s[0], s[0], layout, null)) {
                        assertTrue(matmul.implementation().startsWith("brg"),
                                "[" + s[0] + ", " + s[1] + "] at " + rows + " rows: " + matmul.implementation());
                    }
                }
            } finally {
                context.dnnl.destroyMemoryDesc(layout);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"FP32", "BF16"})
    void concurrentRowBlocksEqualTheSameBlocksRunOneAfterAnother(Precision precision) {
        if (precision == Precision.BF16) assumeBf16();
        int out = 1024, in = 1024, rows = 4 * 65;
        SplittableRandom random = new SplittableRandom(3);
        MemorySegment w = gaussian(random, (long) out * in, 0.05);
        MemorySegment x = gaussian(random, (long) rows * in, 1.0);
        MemorySegment sequential = arena.allocate((long) rows * out * Float.BYTES, 64);
        MemorySegment concurrent = arena.allocate((long) rows * out * Float.BYTES, 64);
        OneDnnLinear linear = new OneDnnLinear(context, precision, arena, w, out, in);
        try (Parallel pool = new Parallel(4)) {
            for (int b = 0; b < 4; b++) linear.apply(x, (long) b * 65 * in, 65, sequential, (long) b * 65 * out, out);
            for (int repeat = 0; repeat < 20; repeat++) {
                concurrent.fill((byte) 0);
                pool.forRange(rows, (worker, from, to) ->
                        linear.apply(x, (long) from * in, to - from, concurrent, (long) from * out, out));
                assertEquals(-1, sequential.mismatch(concurrent), "repeat " + repeat);
            }
        } finally {
            linear.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"FP32", "BF16"})
    void operandsAreCheckedBeforeTheNativeCall(Precision precision) {
        if (precision == Precision.BF16) assumeBf16();
        MemorySegment w = gaussian(new SplittableRandom(1), 64L * 32, 0.1);
        OneDnnLinear linear = new OneDnnLinear(context, precision, arena, w, 64, 32);
        try {
            MemorySegment x = arena.allocate(4L * 32 * Float.BYTES);
            MemorySegment y = arena.allocate(4L * 64 * Float.BYTES);
            assertThrows(IndexOutOfBoundsException.class, () -> linear.apply(x, 0, 5, y, 0, 64));
            assertThrows(IndexOutOfBoundsException.class, () -> linear.apply(x, 0, 4, y, 1, 64));
            assertThrows(IllegalArgumentException.class, () -> linear.apply(x, 0, 4, y, 0, 63));
            assertThrows(IllegalArgumentException.class, () -> linear.apply(MemorySegment.ofArray(new float[128]), 0, 4, y, 0, 64));
            assertThrows(IndexOutOfBoundsException.class, () -> new OneDnnLinear(context, precision, arena, w, 64, 33));
            assertThrows(IllegalArgumentException.class, () -> new OneDnnLinear(context, Precision.TF32, arena, w, 64, 32));
            if (precision == Precision.BF16) {
                assertThrows(IllegalArgumentException.class,
                        () -> new OneDnnLinear(context, precision, WeightLayout.IN_PLACE, arena, w, 64, 32));
            }
        } finally {
            linear.close();
        }
    }

    private static float bf16(float v) {
        return Float.intBitsToFloat(Bf16Rounding.round(v) << 16);
    }

    private static MemorySegment abs(MemorySegment s) {
        MemorySegment a = arena.allocate(s.byteSize(), 64);
        for (long i = 0; i < s.byteSize() / Float.BYTES; i++) {
            a.setAtIndex(ValueLayout.JAVA_FLOAT, i, Math.abs(s.getAtIndex(ValueLayout.JAVA_FLOAT, i)));
        }
        return a;
    }

    /**
     * The epilogues inside the product against the product followed by the scalar reference
     * kernels, on the ViT-L/14 fc1 and fc2 shapes with 129 rows: {@code 1e-5·(S + |bias|)} plus,
     * for quick-GELU, 2e-6 of the value (oneDNN's swish and the reference's exp differ in the
     * last bits).
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"FP32, BIAS, REORDERED", "FP32, BIAS_QUICK_GELU, REORDERED", "FP32, BIAS_RESIDUAL, REORDERED",
            "FP32, BIAS_QUICK_GELU, IN_PLACE", "FP32, BIAS_RESIDUAL, IN_PLACE",
            "BF16, BIAS_QUICK_GELU, REORDERED", "BF16, BIAS_RESIDUAL, REORDERED"})
    void fusedEpiloguesMatchTheProductThenTheKernel(Precision precision, Epilogue epilogue, WeightLayout layout) {
        if (precision == Precision.BF16) assumeBf16();
        int rows = 129;
        int out = epilogue == Epilogue.BIAS_QUICK_GELU ? 4096 : 1024;
        int in = epilogue == Epilogue.BIAS_QUICK_GELU ? 1024 : 4096;
        SplittableRandom random = new SplittableRandom(epilogue.ordinal() * 7L + precision.ordinal());
        MemorySegment w = gaussian(random, (long) out * in, 0.05);
        MemorySegment x = gaussian(random, (long) rows * in, 1.0);
        MemorySegment bias = gaussian(random, out, 0.5);
        MemorySegment residual = gaussian(random, (long) rows * out, 1.0);
        OneDnnLinear linear = new OneDnnLinear(context, precision, layout, arena, w, out, in);
        try {
            MemorySegment expected = arena.allocate((long) rows * out * Float.BYTES, 64);
            linear.apply(x, 0, rows, expected, 0, out);
            MemorySegment scale = arena.allocate((long) rows * out * Float.BYTES, 64);
            JavaGemm.INSTANCE.matmulTransposedB(rows, out, in, 1f, abs(x), 0, in, abs(w), 0, in, 0f, scale, 0, out);
            MemorySegment actual = arena.allocate((long) rows * out * Float.BYTES, 64);
            switch (epilogue) {
                case BIAS -> ScalarKernels.INSTANCE.addBias(expected, 0, rows, out, out, bias);
                case BIAS_QUICK_GELU -> ScalarKernels.INSTANCE.addBiasQuickGelu(expected, 0, rows, out, bias);
                case BIAS_RESIDUAL -> {
                    MemorySegment.copy(residual, 0, actual, 0, residual.byteSize());
                    MemorySegment product = expected;
                    expected = arena.allocate(residual.byteSize(), 64);
                    MemorySegment.copy(residual, 0, expected, 0, residual.byteSize());
                    ScalarKernels.INSTANCE.addBiasResidual(expected, 0, product, 0, rows, out, bias);
                }
            }
            assertTrue(linear.applyFused(x, 0, rows, actual, 0, out, epilogue, bias));
            for (long i = 0; i < (long) rows * out; i++) {
                double e = expected.getAtIndex(ValueLayout.JAVA_FLOAT, i);
                double a = actual.getAtIndex(ValueLayout.JAVA_FLOAT, i);
                double tolerance = 1e-5 * (scale.getAtIndex(ValueLayout.JAVA_FLOAT, i)
                        + Math.abs(bias.getAtIndex(ValueLayout.JAVA_FLOAT, i % out)) + 1) + 2e-6 * Math.abs(e);
                assertEquals(e, a, tolerance, epilogue + " at " + i);
            }
        } finally {
            linear.close();
        }
    }

    /** (first row, row count) blocks for the row-invariance test, against one call over all 2056 rows. */
    private static final int[][] BLOCKS = {{0, 2}, {7, 3}, {1, 16}, {40, 17}, {0, 128}, {129, 128}, {0, 129},
            {128, 129}, {3, 257}, {257, 257}, {771, 514}, {0, 1028}, {1028, 1028}, {5, 1799}};

    /**
     * What {@code serve}'s promise rests on (a face's answer is the same bits whatever batch it
     * shares): a row's output does not depend on how many rows share the call or where they
     * start, for every ViT-L/14 layer shape, from 2 rows to eight images' tokens. A single row
     * may take another path (fc2's K of 4096 does on AVX-512), which is why the forward pass runs
     * its one-row products (the CLS-only last layer) one row per call whatever the batch.
     */
    @ParameterizedTest(name = "{0} {1} [{2}, {3}]")
    @CsvSource({"FP32, REORDERED, 1024, 1024", "FP32, REORDERED, 4096, 1024", "FP32, REORDERED, 1024, 4096",
            "FP32, REORDERED, 1024, 588", "FP32, IN_PLACE, 1024, 1024", "FP32, IN_PLACE, 4096, 1024",
            "FP32, IN_PLACE, 1024, 4096", "FP32, IN_PLACE, 1024, 588", "BF16, REORDERED, 1024, 1024",
            "BF16, REORDERED, 4096, 1024", "BF16, REORDERED, 1024, 4096", "BF16, REORDERED, 1024, 588"})
    void aRowsOutputDoesNotDependOnTheRowsBesideIt(Precision precision, WeightLayout layout, int out, int in) {
        if (precision == Precision.BF16) assumeBf16();
        int rows = 2056;
        SplittableRandom random = new SplittableRandom(out + 7L * in);
        MemorySegment w = gaussian(random, (long) out * in, 0.05);
        MemorySegment x = gaussian(random, (long) rows * in, 1.0);
        OneDnnLinear linear = new OneDnnLinear(context, precision, layout, arena, w, out, in);
        try {
            MemorySegment all = arena.allocate((long) rows * out * Float.BYTES, 64);
            linear.apply(x, 0, rows, all, 0, out);
            for (int[] block : BLOCKS) {
                int first = block[0];
                int count = block[1];
                MemorySegment y = arena.allocate((long) count * out * Float.BYTES, 64);
                linear.apply(x, (long) first * in, count, y, 0, out);
                long differing = 0;
                for (long i = 0; i < (long) count * out; i++) {
                    if (Float.floatToRawIntBits(y.getAtIndex(ValueLayout.JAVA_FLOAT, i))
                            != Float.floatToRawIntBits(all.getAtIndex(ValueLayout.JAVA_FLOAT, (long) first * out + i))) {
                        differing++;
                    }
                }
                assertEquals(0, differing, "rows " + first + ".." + (first + count - 1) + " alone against within "
                        + rows + " rows (" + linear.implementations() + ")");
            }
        } finally {
            linear.close();
        }
    }

    /**
     * A schedule for small batches splits each product into column parts, one per worker, that
     * read the whole layer's weights where they are: each part's output is the whole layer's
     * columns, bit for bit, with the fused epilogue on its slice of the bias (at one image's 257
     * rows, and at a single row), in every layout and precision; 3 parts make parts of unequal
     * size that start inside the copy's second half.
     */
    @ParameterizedTest(name = "{0} {1} [{2}, {3}] in {4} parts")
    @CsvSource({"FP32, REORDERED, 1024, 1024, 2", "FP32, REORDERED, 4096, 1024, 2", "FP32, REORDERED, 1024, 4096, 3",
            "FP32, IN_PLACE, 1024, 1024, 2", "FP32, IN_PLACE, 4096, 1024, 3",
            "BF16, REORDERED, 1024, 1024, 2", "BF16, REORDERED, 4096, 1024, 3", "BF16, REORDERED, 1024, 4096, 2"})
    void columnPartsGiveTheWholeLayersColumns(Precision precision, WeightLayout layout, int out, int in, int parts) {
        if (precision == Precision.BF16) assumeBf16();
        SplittableRandom random = new SplittableRandom(out * 3L + in + parts);
        MemorySegment w = gaussian(random, (long) out * in, 0.05);
        MemorySegment bias = gaussian(random, out, 0.5);
        OneDnnLinear linear = new OneDnnLinear(context, precision, layout, arena, w, out, in);
        try {
            List<PreparedLinear> split = linear.columnParts(parts);
            assertEquals(parts, split.size(), "parts");
            assertEquals(out, split.stream().mapToInt(PreparedLinear::out).sum(), "columns");
            assertTrue(split.stream().allMatch(p -> p.out() % OneDnnLinear.COLUMN_BLOCK == 0 && p.in() == in), "block-aligned parts");
            assertEquals(split, linear.columnParts(parts), "made once per count: the same parts");
            for (int rows : new int[] {257, 1}) {
                MemorySegment x = gaussian(random, (long) rows * in, 1.0);
                MemorySegment whole = arena.allocate((long) rows * out * Float.BYTES, 64);
                assertTrue(linear.applyFused(x, 0, rows, whole, 0, out, Epilogue.BIAS, bias));
                MemorySegment pieced = arena.allocate((long) rows * out * Float.BYTES, 64).fill((byte) 0x7F);
                int first = 0;
                for (PreparedLinear part : split) {
                    assertTrue(part.applyFused(x, 0, rows, pieced, first, out, Epilogue.BIAS,
                            bias.asSlice((long) first * Float.BYTES)));
                    first += part.out();
                }
                assertEquals(-1, whole.mismatch(pieced), rows + " rows: the parts' columns against the whole layer's");
            }
        } finally {
            linear.close();
        }
    }

    @Test
    void columnPartsAreEmptyWhereTheColumnsDoNotMakeOneBlockPerPart() {
        MemorySegment w = gaussian(new SplittableRandom(5), 1000L * 64, 0.05);
        for (WeightLayout layout : WeightLayout.values()) {
            OneDnnLinear ragged = new OneDnnLinear(context, Precision.FP32, layout, arena, w, 1000, 64);
            OneDnnLinear narrow = new OneDnnLinear(context, Precision.FP32, layout, arena, w, 128, 64);
            try {
                assertEquals(List.of(), ragged.columnParts(2), layout + ": 1000 columns are not whole blocks");
                assertEquals(List.of(), narrow.columnParts(3), layout + ": 2 blocks for 3 parts");
                assertEquals(2, narrow.columnParts(2).size(), layout + ": 2 blocks for 2 parts");
                assertThrows(IllegalArgumentException.class, () -> narrow.columnParts(0));
            } finally {
                ragged.close();
                narrow.close();
            }
        }
    }

    private static MemorySegment gaussian(SplittableRandom random, long count, double sigma) {
        MemorySegment s = arena.allocate(count * Float.BYTES, 64);
        for (long i = 0; i < count; i++) s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (sigma * random.nextGaussian()));
        return s;
    }
}
