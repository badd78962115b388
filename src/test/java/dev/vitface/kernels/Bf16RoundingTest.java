package dev.vitface.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** F32 → BF16: known bit patterns, an independent nearest-even reference, vector bit-identical to scalar. */
class Bf16RoundingTest {

    @FunctionalInterface
    interface Kernel {
        void convert(MemorySegment src, long srcByteOffset, MemorySegment dst, long dstByteOffset, long count);
    }

    private static final Kernel[] KERNELS = {Bf16Rounding::scalar, VectorBf16Rounding::f32ToBf16, Bf16Rounding::f32ToBf16};

    @Test
    void knownBitPatterns() {
        assertTrue(VectorSupport.available(), "tests must run with --add-modules jdk.incubator.vector");
        int[][] floatToBf16 = {
            {0x3F80_0000, 0x3F80}, {0x8000_0000, 0x8000}, {0x0000_0000, 0x0000},
            {0x3F80_8000, 0x3F80},   // tie, kept bit even: down
            {0x3F81_8000, 0x3F82},   // tie, kept bit odd: up to even
            {0x3F80_8001, 0x3F81},   // above the tie: up
            {0x3F80_7FFF, 0x3F80},   // below the tie: down
            {0xBF81_8000, 0xBF82},   // negative tie: magnitude to even
            {0x7F7F_FFFF, 0x7F80},   // largest float rounds to +inf
            {0x7F7F_7FFF, 0x7F7F},   // ... unless below the tie
            {0x0000_0001, 0x0000},   // smallest subnormal rounds to zero
            {0x0000_8001, 0x0001},   // a subnormal above the tie is kept
            {0x7F80_0000, 0x7F80}, {0xFF80_0000, 0xFF80},                           // ±inf
            {0x7FC0_0000, 0x7FC0}, {0x7F80_0001, 0x7FC0}, {0xFFFF_FFFF, 0xFFFF},    // NaNs stay NaN, quiet
            {0x7F80_FFFF, 0x7FC0},   // a NaN whose rounding would carry into +inf's bits
        };
        for (int[] pair : floatToBf16) {
            for (Kernel kernel : KERNELS) {
                assertEquals(pair[1], convertOne(kernel, pair[0]) & 0xFFFF, Integer.toHexString(pair[0]));
            }
        }
    }

    @Test
    void randomFloatsRoundToTheNearestBf16TiesToEven() {
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 200_000; n++) {
            float x = Float.intBitsToFloat(random.nextInt());
            if (Float.isNaN(x) || Float.isInfinite(x)) continue;
            short got = Bf16Rounding.round(x);
            assertEquals(nearestEven(x), got, () -> "x = " + x + " (0x" + Integer.toHexString(Float.floatToRawIntBits(x)) + ")");
        }
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {0, 1, 7, 13, 64, 207, 257, 1023, 1024, 4097})
    void vectorIsBitIdenticalToScalarOverAwkwardLengths(int length) {
        SplittableRandom random = new SplittableRandom(length);
        try (Arena arena = Arena.ofConfined()) {
            long srcOffset = 4 * 3, dstOffset = 2 * 5;
            MemorySegment src = arena.allocate(srcOffset + 4L * length + 64);
            for (long i = 0; i < src.byteSize(); i++) src.set(ValueLayout.JAVA_BYTE, i, (byte) random.nextInt());
            MemorySegment scalar = arena.allocate(dstOffset + 2L * length + 64).fill((byte) 0x5A);
            MemorySegment vector = arena.allocate(dstOffset + 2L * length + 64).fill((byte) 0x5A);
            Bf16Rounding.scalar(src, srcOffset, scalar, dstOffset, length);
            VectorBf16Rounding.f32ToBf16(src, srcOffset, vector, dstOffset, length);
            assertEquals(-1, scalar.mismatch(vector), "first differing byte");
            assertEquals((short) 0x5A5A, scalar.get(ValueLayout.JAVA_SHORT_UNALIGNED, dstOffset + 2L * length), "nothing past");
            assertEquals((short) 0x5A5A, scalar.get(ValueLayout.JAVA_SHORT_UNALIGNED, dstOffset - 2), "nothing before");
        }
    }

    @Test
    void rangesAreCheckedBeforeConverting() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = arena.allocate(32);
            MemorySegment dst = arena.allocate(16);
            for (Kernel kernel : KERNELS) {
                assertThrows(IndexOutOfBoundsException.class, () -> kernel.convert(src, 4, dst, 0, 8));
                assertThrows(IndexOutOfBoundsException.class, () -> kernel.convert(src, 0, dst, 2, 8));
                assertThrows(IllegalArgumentException.class, () -> kernel.convert(src, 0, dst, 0, -1));
                assertThrows(IllegalArgumentException.class, () -> kernel.convert(src, 0, dst.asReadOnly(), 0, 1));
                assertEquals(-1, dst.mismatch(arena.allocate(16)), "nothing written by a refused call");
            }
        }
    }

    /** The reference without bit tricks: the closer of the two bf16 neighbours in double, ties to the even one. */
    private static short nearestEven(float x) {
        int truncated = Float.floatToRawIntBits(x) >>> 16;
        double below = Float.intBitsToFloat(truncated << 16);
        // The neighbour away from zero; past the largest finite bf16 it is 2^128, whose bits are infinity's.
        double above = (truncated & 0x7FFF) == 0x7F7F ? Math.copySign(0x1p128, x) : Float.intBitsToFloat((truncated + 1) << 16);
        double dBelow = Math.abs(x - below);
        double dAbove = Math.abs(x - above);
        if (dBelow < dAbove) return (short) truncated;
        if (dAbove < dBelow) return (short) (truncated + 1);
        return (short) ((truncated & 1) == 0 ? truncated : truncated + 1);
    }

    private static int convertOne(Kernel kernel, int floatBits) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = arena.allocate(4);
            src.set(ValueLayout.JAVA_INT, 0, floatBits);
            MemorySegment dst = arena.allocate(2);
            kernel.convert(src, 0, dst, 0, 1);
            return dst.get(ValueLayout.JAVA_SHORT, 0);
        }
    }
}
