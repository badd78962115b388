package dev.vitface.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** F16/BF16 → F32: exact against known bit patterns and the JDK, vector bit-identical to scalar. */
class ConversionsTest {
    private static final ValueLayout.OfShort HALF_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** A kernel with the common signature, so that every implementation runs the same tests. */
    @FunctionalInterface
    interface Kernel {
        void convert(MemorySegment src, long srcByteOffset, MemorySegment dst, long dstByteOffset, long count);
    }

    static Stream<Arguments> knownHalves() {
        return Stream.of(
                Arguments.of(0x0000, 0.0f),
                Arguments.of(0x8000, -0.0f),
                Arguments.of(0x0001, 0x1p-24f),             // smallest subnormal
                Arguments.of(0x03FF, 0x3FFp-24f),           // largest subnormal
                Arguments.of(0x0400, 0x1p-14f),             // smallest normal
                Arguments.of(0x3C00, 1.0f),
                Arguments.of(0xBC00, -1.0f),
                Arguments.of(0x3555, 0x1.554p-2f),          // nearest half to 1/3
                Arguments.of(0x7BFF, 65504.0f),             // largest finite
                Arguments.of(0xFBFF, -65504.0f),
                Arguments.of(0x7C00, Float.POSITIVE_INFINITY),
                Arguments.of(0xFC00, Float.NEGATIVE_INFINITY));
    }

    @ParameterizedTest(name = "half 0x{0}")
    @MethodSource("knownHalves")
    void knownHalfBitPatterns(int half, float expected) {
        for (Kernel kernel : new Kernel[] {ScalarConversions::f16ToF32, VectorConversions::f16ToF32, Conversions::f16ToF32}) {
            assertEquals(Float.floatToRawIntBits(expected), convertOne(kernel, (short) half));
        }
    }

    @Test
    void nanPayloadsMoveUpThirteenBitsAndComeOutQuiet() {
        // Quiet NaN, a signalling NaN with payload 1, and a negative NaN with every payload bit.
        int[][] halfToFloatBits = {{0x7E00, 0x7FC00000}, {0x7C01, 0x7FC02000}, {0xFFFF, 0xFFFFE000}, {0xFD55, 0xFFEAA000}};
        for (int[] pair : halfToFloatBits) {
            for (Kernel kernel : new Kernel[] {ScalarConversions::f16ToF32, VectorConversions::f16ToF32}) {
                assertEquals(pair[1], convertOne(kernel, (short) pair[0]), Integer.toHexString(pair[0]));
            }
        }
    }

    @Test
    void knownBfloat16BitPatterns() {
        int[][] bf16ToFloatBits = {
            {0x0000, 0x00000000}, {0x8000, 0x80000000}, {0x0001, 0x00010000}, // smallest subnormal
            {0x007F, 0x007F0000}, {0x3F80, 0x3F800000},                       // largest subnormal, 1.0
            {0x7F7F, 0x7F7F0000}, {0x7F80, 0x7F800000}, {0xFF80, 0xFF800000}, // max, ±inf
            {0x7FC0, 0x7FC00000}, {0x7F81, 0x7F810000},                       // quiet and signalling NaN
        };
        for (int[] pair : bf16ToFloatBits) {
            for (Kernel kernel : new Kernel[] {ScalarConversions::bf16ToF32, VectorConversions::bf16ToF32, Conversions::bf16ToF32}) {
                assertEquals(pair[1], convertOne(kernel, (short) pair[0]), Integer.toHexString(pair[0]));
            }
        }
        assertEquals(1.0f, ScalarConversions.bf16ToF32((short) 0x3F80));
    }

    @Test
    void everyHalfMatchesTheJdk() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = allHalves(arena);
            for (Kernel kernel : new Kernel[] {ScalarConversions::f16ToF32, VectorConversions::f16ToF32}) {
                MemorySegment dst = arena.allocate(65536L * 4);
                kernel.convert(src, 0, dst, 0, 65536);
                for (int h = 0; h < 65536; h++) {
                    int expected = Float.floatToRawIntBits(Float.float16ToFloat((short) h));
                    // The JDK quiets signalling NaNs where it uses the CPU's conversion (x86 F16C,
                    // AArch64), as IEEE 754 asks and as the kernels do; its pure-Java fallback
                    // does not. Compare against the quiet form so the test holds on every JVM.
                    if (Float.isNaN(Float.intBitsToFloat(expected))) expected |= 0x0040_0000;
                    int actual = dst.getAtIndex(ValueLayout.JAVA_INT, h);
                    if (expected != actual) {
                        throw new AssertionError("half 0x" + Integer.toHexString(h) + ": expected 0x"
                                + Integer.toHexString(expected) + ", got 0x" + Integer.toHexString(actual));
                    }
                }
                assertEquals(Float.float16ToFloat((short) 0x3555), ScalarConversions.f16ToF32((short) 0x3555));
            }
        }
    }

    @Test
    void everyBfloat16IsTheUpperHalfOfAFloat() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = allHalves(arena);
            for (Kernel kernel : new Kernel[] {ScalarConversions::bf16ToF32, VectorConversions::bf16ToF32}) {
                MemorySegment dst = arena.allocate(65536L * 4);
                kernel.convert(src, 0, dst, 0, 65536);
                for (int b = 0; b < 65536; b++) {
                    assertEquals(b << 16, dst.getAtIndex(ValueLayout.JAVA_INT, b), Integer.toHexString(b));
                }
            }
        }
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {0, 1, 7, 13, 64, 207, 257, 1023, 1024, 4097})
    void vectorIsBitIdenticalToScalarOverAwkwardLengths(int length) {
        SplittableRandom random = new SplittableRandom(length);
        try (Arena arena = Arena.ofConfined()) {
            // Offsets that are not vector-aligned, and a destination larger than needed, to catch
            // a body or tail that reads or writes past its range.
            long srcOffset = 2 * 3, dstOffset = 4 * 5;
            MemorySegment src = arena.allocate(srcOffset + 2L * length + 64);
            for (long i = 0; i < src.byteSize(); i++) src.set(ValueLayout.JAVA_BYTE, i, (byte) random.nextInt());
            Kernel[][] twins = {
                {ScalarConversions::f16ToF32, VectorConversions::f16ToF32},
                {ScalarConversions::bf16ToF32, VectorConversions::bf16ToF32},
            };
            for (Kernel[] pair : twins) {
                MemorySegment scalar = arena.allocate(dstOffset + 4L * length + 64).fill((byte) 0x5A);
                MemorySegment vector = arena.allocate(dstOffset + 4L * length + 64).fill((byte) 0x5A);
                pair[0].convert(src, srcOffset, scalar, dstOffset, length);
                pair[1].convert(src, srcOffset, vector, dstOffset, length);
                assertEquals(-1, scalar.mismatch(vector), "first differing byte");
                assertEquals(0x5A5A5A5A, scalar.get(ValueLayout.JAVA_INT_UNALIGNED, dstOffset + 4L * length),
                        "nothing written past the range");
                assertEquals(0x5A5A5A5A, scalar.get(ValueLayout.JAVA_INT_UNALIGNED, dstOffset - 4), "nothing before it");
            }
        }
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(longs = {Conversions.VECTOR_MIN_COUNT - 1, Conversions.VECTOR_MIN_COUNT + 3})
    void theDispatchGivesTheScalarBitsOnEitherSideOfItsSizeThreshold(long length) {
        SplittableRandom random = new SplittableRandom(length);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = arena.allocate(2 * length);
            for (long i = 0; i < src.byteSize(); i++) src.set(ValueLayout.JAVA_BYTE, i, (byte) random.nextInt());
            Kernel[][] twins = {
                {ScalarConversions::f16ToF32, Conversions::f16ToF32},
                {ScalarConversions::bf16ToF32, Conversions::bf16ToF32},
            };
            for (Kernel[] pair : twins) {
                MemorySegment scalar = arena.allocate(4 * length);
                MemorySegment dispatched = arena.allocate(4 * length);
                pair[0].convert(src, 0, scalar, 0, length);
                pair[1].convert(src, 0, dispatched, 0, length);
                assertEquals(-1, scalar.mismatch(dispatched), "first differing byte");
            }
        }
    }

    @Test
    void rangesAreCheckedBeforeConverting() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = arena.allocate(16);
            MemorySegment dst = arena.allocate(32);
            for (Kernel kernel : new Kernel[] {ScalarConversions::f16ToF32, VectorConversions::f16ToF32,
                    ScalarConversions::bf16ToF32, VectorConversions::bf16ToF32}) {
                assertThrows(IndexOutOfBoundsException.class, () -> kernel.convert(src, 2, dst, 0, 8));
                assertThrows(IndexOutOfBoundsException.class, () -> kernel.convert(src, 0, dst, 4, 8));
                assertThrows(IllegalArgumentException.class, () -> kernel.convert(src, 0, dst, 0, -1));
                assertThrows(IllegalArgumentException.class, () -> kernel.convert(src, 0, dst.asReadOnly(), 0, 1));
                assertEquals(-1, dst.mismatch(arena.allocate(32)), "nothing written by a refused call");
            }
        }
    }

    private static MemorySegment allHalves(Arena arena) {
        MemorySegment src = arena.allocate(65536L * 2);
        for (int h = 0; h < 65536; h++) src.set(HALF_LE, 2L * h, (short) h);
        return src;
    }

    private static int convertOne(Kernel kernel, short bits) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = arena.allocate(2);
            src.set(HALF_LE, 0, bits);
            MemorySegment dst = arena.allocate(4);
            kernel.convert(src, 0, dst, 0, 1);
            return dst.get(ValueLayout.JAVA_INT, 0);
        }
    }
}
