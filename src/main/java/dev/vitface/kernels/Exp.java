package dev.vitface.kernels;

/**
 * {@code exp(x)} in float32 from plain arithmetic (Cephes' expf: round to the nearest power of
 * two, a degree-6 polynomial on the remainder), within about 2 ulp of {@code Math.exp}.
 *
 * <p>Why not {@code Math.exp} or {@code VectorOperators.EXP}: the Vector API's EXP runs a Java
 * fallback until C2 compiles the loop and an SVML stub afterwards, and the two can differ in the
 * last bit, so the same input gave different logits in the first and the tenth run. Additions,
 * multiplications and FMAs are exact IEEE operations in every tier, so this formula gives the
 * same bits interpreted, compiled, scalar or vectorised; {@code VectorKernels} uses the same steps.
 */
final class Exp {
    static final float LOG2E = 1.44269504088896341f;
    /** 1.5·2^23: adding and subtracting it rounds a float of magnitude < 2^22 to the nearest integer. */
    static final float ROUND = 12582912f;
    /** ln 2 split in two so {@code n·LN2_HI} is exact for the n that occur. */
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    /** Inputs are clamped so 2^n stays a normal float: n in [-126, 127]. */
    static final float MIN_X = -87.3365447f;
    static final float MAX_X = 88.3762626f;
    static final float P0 = 1.9875691500e-4f;
    static final float P1 = 1.3981999507e-3f;
    static final float P2 = 8.3334519073e-3f;
    static final float P3 = 4.1665795894e-2f;
    static final float P4 = 1.6666665459e-1f;
    static final float P5 = 5.0000001201e-1f;

    private Exp() {}

    static float exp(float x) {
        x = Math.min(Math.max(x, MIN_X), MAX_X);
        float n = (x * LOG2E + ROUND) - ROUND;
        float r = Math.fma(n, -LN2_HI, x);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(P0, r, P1);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P5);
        p = Math.fma(p, r * r, r) + 1f;
        return p * Float.intBitsToFloat(((int) n + 127) << 23);
    }
}
