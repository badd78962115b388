package dev.vitface.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * 16-bit float to F32, one element at a time: the reference twin of {@link VectorConversions}
 * and the kernel used when the Vector API is not available. Sources are little-endian (the
 * safetensors byte order); destinations are in native order, ready for {@link ValueLayout#JAVA_FLOAT}.
 */
public final class ScalarConversions {
    static final ValueLayout.OfShort HALF_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt FLOAT_BITS = ValueLayout.JAVA_INT_UNALIGNED;

    /** F32 bits = (half exponent+mantissa bits << 13) + this, for a normal half: rebias 15 → 127. */
    static final int REBIAS_NORMAL = (127 - 15) << 23;
    /** For exponent 31 (inf/NaN) the F32 exponent must become 255: twice the rebias. */
    static final int REBIAS_INF_NAN = 2 * REBIAS_NORMAL;
    /** The F32 quiet-NaN bit (top mantissa bit). */
    static final int QUIET_NAN = 0x0040_0000;
    static final int HALF_INFINITY = 0x7C00;
    /** Elements converted per bulk copy. */
    private static final int CHUNK = 4096;

    private ScalarConversions() {}

    /** src: count halves (IEEE binary16, LE) at srcByteOffset → dst: count floats at dstByteOffset. */
    public static void f16ToF32(MemorySegment src, long srcByteOffset, MemorySegment dst, long dstByteOffset, long count) {
        Conversions.checkBounds(src, srcByteOffset, dst, dstByteOffset, count);
        f16ToF32Unchecked(src, srcByteOffset, dst, dstByteOffset, 0, count);
    }

    /** src: count bfloat16 (LE) at srcByteOffset → dst: count floats at dstByteOffset. */
    public static void bf16ToF32(MemorySegment src, long srcByteOffset, MemorySegment dst, long dstByteOffset, long count) {
        Conversions.checkBounds(src, srcByteOffset, dst, dstByteOffset, count);
        bf16ToF32Unchecked(src, srcByteOffset, dst, dstByteOffset, 0, count);
    }

    /**
     * Elements [from, to); also the tail loop of the vector kernel. Chunks move in bulk copies and
     * are converted in arrays: element by element through the segments, the interpreter took
     * most of the face detector's first load (its weights are small F16 tensors).
     */
    static void f16ToF32Unchecked(MemorySegment src, long srcOff, MemorySegment dst, long dstOff, long from, long to) {
        short[] halves = new short[(int) Math.min(CHUNK, to - from)];
        int[] bits = new int[halves.length];
        for (long i = from; i < to; i += halves.length) {
            int n = (int) Math.min(halves.length, to - i);
            MemorySegment.copy(src, HALF_LE, srcOff + 2 * i, halves, 0, n);
            for (int k = 0; k < n; k++) bits[k] = Float.floatToRawIntBits(f16ToF32(halves[k]));
            MemorySegment.copy(bits, 0, dst, FLOAT_BITS, dstOff + 4 * i, n);
        }
    }

    static void bf16ToF32Unchecked(MemorySegment src, long srcOff, MemorySegment dst, long dstOff, long from, long to) {
        short[] halves = new short[(int) Math.min(CHUNK, to - from)];
        int[] bits = new int[halves.length];
        for (long i = from; i < to; i += halves.length) {
            int n = (int) Math.min(halves.length, to - i);
            MemorySegment.copy(src, HALF_LE, srcOff + 2 * i, halves, 0, n);
            for (int k = 0; k < n; k++) bits[k] = halves[k] << 16;
            MemorySegment.copy(bits, 0, dst, FLOAT_BITS, dstOff + 4 * i, n);
        }
    }

    /**
     * IEEE binary16 → binary32, exact: every half is representable as a float. NaN payloads move
     * up 13 bits and a signalling NaN comes out quiet, as IEEE 754 asks of a conversion and as
     * {@link Float#float16ToFloat} does where the JVM uses the CPU's conversion (x86 F16C,
     * AArch64); its pure-Java fallback leaves signalling NaNs signalling.
     */
    public static float f16ToF32(short half) {
        int sign = (half & 0x8000) << 16;
        int magnitude = half & 0x7FFF;                 // exponent and mantissa
        if (magnitude >= HALF_INFINITY) {              // exponent 31: ±inf, NaN
            int bits = (magnitude << 13) + REBIAS_INF_NAN;
            return Float.intBitsToFloat(sign | (magnitude > HALF_INFINITY ? bits | QUIET_NAN : bits));
        }
        if (magnitude >= 0x0400) {                     // normal
            return Float.intBitsToFloat(sign | ((magnitude << 13) + REBIAS_NORMAL));
        }
        // zero or subnormal: mantissa × 2^-24, exact in float arithmetic
        return Float.intBitsToFloat(sign | Float.floatToRawIntBits(magnitude * 0x1p-24f));
    }

    /** bfloat16 is the upper half of a float32. */
    public static float bf16ToF32(short bf16) {
        return Float.intBitsToFloat(bf16 << 16);
    }
}
