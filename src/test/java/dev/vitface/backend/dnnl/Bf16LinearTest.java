package dev.vitface.backend.dnnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vitface.backend.Parallel;
import dev.vitface.kernels.Bf16Rounding;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The BF16 linear layer against double-precision references on the ViT-L/14 shapes. Two bounds,
 * per output {@code y = Σ x_k·w_k}, with {@code S = Σ |x_k·w_k|}:
 * <ul>
 *   <li>against the exact product of the BF16-rounded inputs: {@code 1e-5·S} (only F32
 *       accumulation differs; K ≤ 4096 sums stay far inside it);</li>
 *   <li>against the exact F32 product: {@code 2^-8·S + 1e-5·S}, since rounding x and w to BF16 (8
 *       significant bits, relative error ≤ 2^-9 each) moves each term by at most ~2^-8 of itself.</li>
 * </ul>
 */
class Bf16LinearTest {
    private static DnnlContext context;
    private static Arena arena;

    @BeforeAll
    static void open() {
        assumeTrue(Bf16Support.probe().available(), () -> "no BF16 here: " + Bf16Support.probe().problem());
        context = new DnnlContext(OneDnn.load());
        arena = Arena.ofShared();
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
    void matchesDoubleReferencesWithinStatedBounds(int out, int in, int rows, int ldy) {
        SplittableRandom random = new SplittableRandom(out * 31L + in);
        MemorySegment w = gaussian(random, (long) out * in, 0.05);
        MemorySegment x = gaussian(random, (long) rows * in, 1.0);
        MemorySegment y = arena.allocate((long) rows * ldy * Float.BYTES + 64, 64).fill((byte) 0x7F);
        Bf16Linear linear = new Bf16Linear(context, arena, w, out, in);
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
    void weightLayoutDoesNotDependOnTheRowCount() {
        // Bf16Linear reorders once for LAYOUT_ROWS rows and runs every row count on that layout.
        int[][] shapes = {{1024, 1024}, {4096, 1024}, {1024, 4096}, {1024, 588}};
        for (int[] s : shapes) {
            MemorySegment reference = Bf16Linear.preferredLayout(context, Bf16Linear.LAYOUT_ROWS, s[0], s[1]);
            for (int rows : new int[] {1, 7, 128, 257, 1028, 2056}) {
                MemorySegment md = Bf16Linear.preferredLayout(context, rows, s[0], s[1]);
                assertTrue(context.dnnl.memoryDescEqual(reference, md), "[" + s[0] + ", " + s[1] + "] at " + rows + " rows");
                context.dnnl.destroyMemoryDesc(md);
            }
            context.dnnl.destroyMemoryDesc(reference);
        }
    }

    @Test
    void concurrentRowBlocksEqualTheSameBlocksRunOneAfterAnother() {
        int out = 1024, in = 1024, rows = 4 * 65;
        SplittableRandom random = new SplittableRandom(3);
        MemorySegment w = gaussian(random, (long) out * in, 0.05);
        MemorySegment x = gaussian(random, (long) rows * in, 1.0);
        MemorySegment sequential = arena.allocate((long) rows * out * Float.BYTES, 64);
        MemorySegment concurrent = arena.allocate((long) rows * out * Float.BYTES, 64);
        Bf16Linear linear = new Bf16Linear(context, arena, w, out, in);
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

    @Test
    void operandsAreCheckedBeforeTheNativeCall() {
        MemorySegment w = gaussian(new SplittableRandom(1), 64L * 32, 0.1);
        Bf16Linear linear = new Bf16Linear(context, arena, w, 64, 32);
        try {
            MemorySegment x = arena.allocate(4L * 32 * Float.BYTES);
            MemorySegment y = arena.allocate(4L * 64 * Float.BYTES);
            assertThrows(IndexOutOfBoundsException.class, () -> linear.apply(x, 0, 5, y, 0, 64));
            assertThrows(IndexOutOfBoundsException.class, () -> linear.apply(x, 0, 4, y, 1, 64));
            assertThrows(IllegalArgumentException.class, () -> linear.apply(x, 0, 4, y, 0, 63));
            assertThrows(IllegalArgumentException.class, () -> linear.apply(MemorySegment.ofArray(new float[128]), 0, 4, y, 0, 64));
            assertThrows(IndexOutOfBoundsException.class, () -> new Bf16Linear(context, arena, w, 64, 33));
        } finally {
            linear.close();
        }
    }

    private static float bf16(float v) {
        return Float.intBitsToFloat(Bf16Rounding.round(v) << 16);
    }

    private static MemorySegment gaussian(SplittableRandom random, long count, double sigma) {
        MemorySegment s = arena.allocate(count * Float.BYTES, 64);
        for (long i = 0; i < count; i++) s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (sigma * random.nextGaussian()));
        return s;
    }
}
