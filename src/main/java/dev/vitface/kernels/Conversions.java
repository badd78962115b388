package dev.vitface.kernels;

import java.lang.foreign.MemorySegment;

/**
 * 16-bit float → F32 conversion: {@link VectorConversions} for large tensors when the Vector API
 * is readable, {@link ScalarConversions} otherwise. Both give the same bits. Small tensors (the
 * face detector's, read at start) take the scalar loop: until C2 has compiled the vector loop,
 * every vector operation runs as an allocating Java fallback, and compiling it costs the first
 * result more than the conversion itself. The vector class is referenced only on the branch that
 * runs when it is available, so it is never loaded on a JVM without {@code jdk.incubator.vector}.
 */
public final class Conversions {
    private static final boolean VECTOR = VectorSupport.available();
    /** Elements from which the vector loop pays for its compilation (a ViT-L/14 layer's weight is 1-4 M). */
    static final long VECTOR_MIN_COUNT = 1 << 20;

    private Conversions() {}

    /** src: count IEEE halves (LE) → dst: count floats (native order). */
    public static void f16ToF32(MemorySegment src, long srcByteOffset, MemorySegment dst, long dstByteOffset, long count) {
        if (VECTOR && count >= VECTOR_MIN_COUNT) {
            VectorConversions.f16ToF32(src, srcByteOffset, dst, dstByteOffset, count);
        } else {
            ScalarConversions.f16ToF32(src, srcByteOffset, dst, dstByteOffset, count);
        }
    }

    /** src: count bfloat16 (LE) → dst: count floats (native order). */
    public static void bf16ToF32(MemorySegment src, long srcByteOffset, MemorySegment dst, long dstByteOffset, long count) {
        if (VECTOR && count >= VECTOR_MIN_COUNT) {
            VectorConversions.bf16ToF32(src, srcByteOffset, dst, dstByteOffset, count);
        } else {
            ScalarConversions.bf16ToF32(src, srcByteOffset, dst, dstByteOffset, count);
        }
    }

    /** Both ranges inside their segments and the destination writable; checked once, before the loops. */
    static void checkBounds(MemorySegment src, long srcByteOffset, MemorySegment dst, long dstByteOffset, long count) {
        checkBounds(src, srcByteOffset, Short.BYTES, dst, dstByteOffset, Float.BYTES, count);
    }

    /**
     * The same check for any element sizes: count elements of srcElementBytes in src and of
     * dstElementBytes in dst ({@link Bf16Rounding} narrows 4 to 2 bytes).
     */
    static void checkBounds(MemorySegment src, long srcByteOffset, long srcElementBytes,
            MemorySegment dst, long dstByteOffset, long dstElementBytes, long count) {
        if (count < 0) throw new IllegalArgumentException("negative count " + count);
        checkRange("source", src, srcByteOffset, Math.multiplyExact(count, srcElementBytes));
        checkRange("destination", dst, dstByteOffset, Math.multiplyExact(count, dstElementBytes));
        if (dst.isReadOnly()) throw new IllegalArgumentException("destination segment is read-only");
    }

    private static void checkRange(String what, MemorySegment segment, long offset, long bytes) {
        if (offset < 0 || offset > segment.byteSize() || bytes > segment.byteSize() - offset) {
            throw new IndexOutOfBoundsException(what + " range [" + offset + ", +" + bytes
                    + ") outside a segment of " + segment.byteSize() + " bytes");
        }
    }
}
