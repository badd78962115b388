package dev.vitface.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The deterministic exp: accurate, and the vector lanes equal the scalar formula bit for bit. */
class ExpTest {

    @Test
    void withinThreeUlpOfMathExpOverTheUsefulRange() {
        for (float x = -87f; x <= 88f; x += 0.0137f) {
            double exact = Math.exp(x);
            float got = Exp.exp(x);
            assertTrue(Math.abs(got - exact) <= 3 * Math.ulp((float) exact), x + ": " + got + " vs " + exact);
        }
        assertEquals(1f, Exp.exp(0f));
    }

    @Test
    void clampsInsteadOfOverflowing() {
        assertTrue(Exp.exp(-1000f) > 0 && Exp.exp(-1000f) < 1e-37f);
        assertTrue(Float.isFinite(Exp.exp(1000f)));
    }

    @Test
    void vectorLanesEqualTheScalarFormulaBitForBit() {
        var species = FloatVector.SPECIES_PREFERRED;
        Random random = new Random(7);
        float[] in = new float[species.length()];
        float[] out = new float[species.length()];
        // Enough rounds for C2 to compile the vector path: the bits must not change when it does.
        for (int round = 0; round < 20_000; round++) {
            for (int i = 0; i < in.length; i++) in[i] = (float) (random.nextGaussian() * 20);
            VectorKernels.exp(FloatVector.fromArray(species, in, 0)).intoArray(out, 0);
            for (int i = 0; i < in.length; i++) {
                if (Float.floatToRawIntBits(out[i]) != Float.floatToRawIntBits(Exp.exp(in[i]))) {
                    throw new AssertionError("round " + round + " lane " + i + ": exp(" + in[i] + ") vector " + out[i]
                            + " scalar " + Exp.exp(in[i]));
                }
            }
        }
    }
}
