package dev.vitface.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API twins of {@link ScalarConversions}, bit-identical to them. Only load this class when
 * {@link VectorSupport#available()}; {@link Conversions} does the choosing.
 *
 * <p>Each step loads L shorts, widens them to L ints (one vector of the preferred int width)
 * and rebuilds the float bits with integer arithmetic, exactly as the scalar kernel does; the
 * remainder after {@code loopBound} runs through the scalar kernel. Segments must be native
 * (mapped or allocated) or backed by a {@code byte[]}: the Vector API does not access other
 * heap arrays through a segment.
 */
public final class VectorConversions {
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    /** As many shorts as INTS has ints: half the bit width. */
    private static final VectorSpecies<Short> SHORTS =
            VectorSpecies.of(short.class, VectorShape.forBitSize(INTS.vectorBitSize() / 2));
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private VectorConversions() {}

    public static void f16ToF32(MemorySegment src, long srcByteOffset, MemorySegment dst, long dstByteOffset, long count) {
        Conversions.checkBounds(src, srcByteOffset, dst, dstByteOffset, count);
        long bound = SHORTS.loopBound(count);
        int lanes = SHORTS.length();
        for (long i = 0; i < bound; i += lanes) {
            IntVector half = widen(src, srcByteOffset + 2 * i);
            IntVector sign = half.and(0x8000).lanewise(VectorOperators.LSHL, 16);
            IntVector magnitude = half.and(0x7FFF);
            IntVector shifted = magnitude.lanewise(VectorOperators.LSHL, 13);
            IntVector bits = shifted.add(ScalarConversions.REBIAS_NORMAL);
            VectorMask<Integer> infNan = magnitude.compare(VectorOperators.GE, ScalarConversions.HALF_INFINITY);
            bits = bits.blend(shifted.add(ScalarConversions.REBIAS_INF_NAN), infNan);
            VectorMask<Integer> nan = magnitude.compare(VectorOperators.GT, ScalarConversions.HALF_INFINITY);
            bits = bits.lanewise(VectorOperators.OR, ScalarConversions.QUIET_NAN, nan);
            VectorMask<Integer> subnormal = magnitude.compare(VectorOperators.LT, 0x0400);
            // zero or subnormal: mantissa × 2^-24, exact as in the scalar kernel
            IntVector small = ((FloatVector) magnitude.convert(VectorOperators.I2F, 0)).mul(0x1p-24f).reinterpretAsInts();
            bits = bits.blend(small, subnormal).or(sign);
            bits.intoMemorySegment(dst, dstByteOffset + 4 * i, NATIVE);
        }
        ScalarConversions.f16ToF32Unchecked(src, srcByteOffset, dst, dstByteOffset, bound, count);
    }

    public static void bf16ToF32(MemorySegment src, long srcByteOffset, MemorySegment dst, long dstByteOffset, long count) {
        Conversions.checkBounds(src, srcByteOffset, dst, dstByteOffset, count);
        long bound = SHORTS.loopBound(count);
        int lanes = SHORTS.length();
        for (long i = 0; i < bound; i += lanes) {
            // The sign extension of the widening falls off the top in the shift.
            widen(src, srcByteOffset + 2 * i).lanewise(VectorOperators.LSHL, 16)
                    .intoMemorySegment(dst, dstByteOffset + 4 * i, NATIVE);
        }
        ScalarConversions.bf16ToF32Unchecked(src, srcByteOffset, dst, dstByteOffset, bound, count);
    }

    /** L little-endian shorts at byteOffset, sign-extended to L ints. */
    private static IntVector widen(MemorySegment src, long byteOffset) {
        ShortVector shorts = ShortVector.fromMemorySegment(SHORTS, src, byteOffset, ByteOrder.LITTLE_ENDIAN);
        return (IntVector) shorts.convertShape(VectorOperators.S2I, INTS, 0);
    }
}
