package dev.vitface.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The loop {@link FmaPeak} times: {@value #ACCUMULATORS} independent FMA chains on vectors of the
 * preferred species, nothing else in the loop body but the counter. Only loaded when the Vector
 * API is readable ({@link dev.vitface.kernels.VectorSupport}).
 *
 * <p>Why {@value #ACCUMULATORS} chains: a core issues up to two FMAs per cycle and each takes ~4
 * cycles to produce its result (Zen 4/5, Skylake-X and later), so at least 8 chains must be in
 * flight to keep both units busy; 12 leaves slack and stays far below the 32 vector registers.
 * On the 2-core Zen 5 of issue #17 (one thread, shared host): 4 chains ran at 90-100 GFLOP/s,
 * 8 at 179-190, 10 and 12 at ~207, 16 no faster (docs/PERFORMANCE.md).
 */
final class FmaLoop {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();
    static final int ACCUMULATORS = 12;

    private FmaLoop() {}

    /**
     * {@code iterations} rounds of {@code acc[j] = acc[j] * m + c} (one rounding, as
     * {@link Math#fma(float, float, float)}) on every lane of every accumulator. {@code acc} holds
     * {@link #ACCUMULATORS} × {@link #LANES} floats, read before and written back after, so the
     * JIT cannot drop the work: {@link #flopsPerIteration()} FLOPs per iteration. With
     * {@code 0 < m < 1} every lane converges to {@code c / (1 - m)}: no overflow, no subnormals.
     */
    static void run(float[] acc, float mValue, float cValue, long iterations) {
        FloatVector m = FloatVector.broadcast(SPECIES, mValue);
        FloatVector c = FloatVector.broadcast(SPECIES, cValue);
        FloatVector a0 = FloatVector.fromArray(SPECIES, acc, 0 * LANES);
        FloatVector a1 = FloatVector.fromArray(SPECIES, acc, 1 * LANES);
        FloatVector a2 = FloatVector.fromArray(SPECIES, acc, 2 * LANES);
        FloatVector a3 = FloatVector.fromArray(SPECIES, acc, 3 * LANES);
        FloatVector a4 = FloatVector.fromArray(SPECIES, acc, 4 * LANES);
        FloatVector a5 = FloatVector.fromArray(SPECIES, acc, 5 * LANES);
        FloatVector a6 = FloatVector.fromArray(SPECIES, acc, 6 * LANES);
        FloatVector a7 = FloatVector.fromArray(SPECIES, acc, 7 * LANES);
        FloatVector a8 = FloatVector.fromArray(SPECIES, acc, 8 * LANES);
        FloatVector a9 = FloatVector.fromArray(SPECIES, acc, 9 * LANES);
        FloatVector a10 = FloatVector.fromArray(SPECIES, acc, 10 * LANES);
        FloatVector a11 = FloatVector.fromArray(SPECIES, acc, 11 * LANES);
        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
        }
        a0.intoArray(acc, 0 * LANES);
        a1.intoArray(acc, 1 * LANES);
        a2.intoArray(acc, 2 * LANES);
        a3.intoArray(acc, 3 * LANES);
        a4.intoArray(acc, 4 * LANES);
        a5.intoArray(acc, 5 * LANES);
        a6.intoArray(acc, 6 * LANES);
        a7.intoArray(acc, 7 * LANES);
        a8.intoArray(acc, 8 * LANES);
        a9.intoArray(acc, 9 * LANES);
        a10.intoArray(acc, 10 * LANES);
        a11.intoArray(acc, 11 * LANES);
    }

    /** 2 FLOPs (a multiply and an add) per lane per FMA. */
    static long flopsPerIteration() {
        return 2L * ACCUMULATORS * LANES;
    }
}
