package dev.vitface.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API twin of {@link Bf16Rounding#scalar}, bit-identical to it: L float bits in, the same
 * integer rounding per lane, narrowed to L shorts. Only load this class when
 * {@link VectorSupport#available()}; {@link Bf16Rounding} does the choosing.
 */
final class VectorBf16Rounding {
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    /** As many shorts as INTS has ints: half the bit width. */
    private static final VectorSpecies<Short> SHORTS =
            VectorSpecies.of(short.class, VectorShape.forBitSize(INTS.vectorBitSize() / 2));
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private VectorBf16Rounding() {}

    static void f32ToBf16(MemorySegment src, long srcByteOffset, MemorySegment dst, long dstByteOffset, long count) {
        Bf16Rounding.checkBounds(src, srcByteOffset, dst, dstByteOffset, count);
        long bound = INTS.loopBound(count);
        int lanes = INTS.length();
        for (long i = 0; i < bound; i += lanes) {
            IntVector bits = IntVector.fromMemorySegment(INTS, src, srcByteOffset + 4 * i, NATIVE);
            IntVector lowestKept = bits.lanewise(VectorOperators.LSHR, 16).and(1);
            IntVector rounded = bits.add(0x7FFF).add(lowestKept).lanewise(VectorOperators.LSHR, 16);
            VectorMask<Integer> nan = bits.and(0x7FFF_FFFF).compare(VectorOperators.GT, Bf16Rounding.INFINITY_BITS);
            IntVector quietNan = bits.lanewise(VectorOperators.LSHR, 16).or(Bf16Rounding.QUIET_NAN);
            ShortVector out = (ShortVector) rounded.blend(quietNan, nan).convertShape(VectorOperators.I2S, SHORTS, 0);
            out.intoMemorySegment(dst, dstByteOffset + 2 * i, NATIVE);
        }
        Bf16Rounding.scalarUnchecked(src, srcByteOffset, dst, dstByteOffset, bound, count);
    }
}
