package dev.vitface.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * F32 → bfloat16 with round-to-nearest-even, as {@code vcvtneps2bf16} and PyTorch's
 * {@code tensor.to(torch.bfloat16)} round (except that those flush subnormal inputs, which
 * this keeps): the activations a BF16 matmul reads. The scalar loop here is the reference;
 * {@link VectorBf16Rounding} is its bit-identical twin, chosen once as in {@link Conversions}.
 * Both sides are native order (activations in the workspace, a oneDNN source buffer).
 */
public final class Bf16Rounding {
    private static final boolean VECTOR = VectorSupport.available();
    static final ValueLayout.OfShort BF16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    static final ValueLayout.OfInt FLOAT_BITS = ValueLayout.JAVA_INT_UNALIGNED;
    /** Largest magnitude that is not NaN: +inf's bits. */
    static final int INFINITY_BITS = 0x7F80_0000;
    /** The bfloat16 quiet-NaN bit (top mantissa bit). */
    static final int QUIET_NAN = 0x0040;

    private Bf16Rounding() {}

    /** src: count floats at srcByteOffset → dst: count bfloat16 at dstByteOffset. */
    public static void f32ToBf16(MemorySegment src, long srcByteOffset, MemorySegment dst, long dstByteOffset, long count) {
        if (VECTOR) {
            VectorBf16Rounding.f32ToBf16(src, srcByteOffset, dst, dstByteOffset, count);
        } else {
            scalar(src, srcByteOffset, dst, dstByteOffset, count);
        }
    }

    /** The reference loop, one element at a time. */
    public static void scalar(MemorySegment src, long srcByteOffset, MemorySegment dst, long dstByteOffset, long count) {
        checkBounds(src, srcByteOffset, dst, dstByteOffset, count);
        scalarUnchecked(src, srcByteOffset, dst, dstByteOffset, 0, count);
    }

    /**
     * Round to nearest, ties to even: add 0x7FFF plus the lowest kept bit, then drop the low 16
     * bits (a carry into the exponent is right, up to infinity). NaN keeps its sign and top
     * payload bits and comes out quiet, never rounded into infinity.
     */
    public static short round(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7FFF_FFFF) > INFINITY_BITS) return (short) ((bits >>> 16) | QUIET_NAN);
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    /** Elements [from, to); also the tail loop of the vector kernel. */
    static void scalarUnchecked(MemorySegment src, long srcOff, MemorySegment dst, long dstOff, long from, long to) {
        for (long i = from; i < to; i++) {
            dst.set(BF16, dstOff + 2 * i, round(Float.intBitsToFloat(src.get(FLOAT_BITS, srcOff + 4 * i))));
        }
    }

    /** Both ranges inside their segments and the destination writable; checked once, before the loops. */
    static void checkBounds(MemorySegment src, long srcByteOffset, MemorySegment dst, long dstByteOffset, long count) {
        Conversions.checkBounds(src, srcByteOffset, Float.BYTES, dst, dstByteOffset, Short.BYTES, count);
    }
}
