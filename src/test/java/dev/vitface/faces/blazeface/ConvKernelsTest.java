package dev.vitface.faces.blazeface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The vector convolutions against the scalar reference (double accumulation) over awkward sizes:
 * sides that are no multiple of the vector width, 1-pixel planes, both strides, both pad shapes
 * BlazeFace uses, channel counts that leave remainders in the 4-channel register tiles. The vector
 * path sums {@code n} float products, so the bound grows with {@code n}. The float kernels must
 * give the vector kernels' bits exactly, in every case.
 */
class ConvKernelsTest {
    private static final ConvKernels VECTOR = new VectorConvKernels();
    private static final ConvKernels FLOAT = FloatConvKernels.INSTANCE;
    private static final ConvKernels SCALAR = ScalarConvKernels.INSTANCE;

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }

    private static void assertSameBits(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    what + ": element " + i + " is " + actual[i] + ", the vector kernels' " + expected[i]);
        }
    }

    private static void assertClose(float[] expected, float[] actual, int terms, String what) {
        double tolerance = 2e-6 * Math.sqrt(terms) * 4;
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(expected[i] - actual[i]);
            assertTrue(diff <= tolerance * (1 + Math.abs(expected[i])),
                    what + ": element " + i + " is " + actual[i] + ", reference " + expected[i]);
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 1, 1, 1", "5, 1, 1, 1", "13, 2, 0, 7", "16, 2, 0, 8", "17, 1, 1, 17", "33, 2, 0, 17",
            "64, 1, 1, 64", "128, 2, 0, 64"})
    void depthwiseMatchesReference(int side, int stride, int padBegin, int outSide) {
        int channels = 7;
        float[] in = random(channels * side * side, side);
        float[] w = random(channels * 9, 31 + side);
        float[] expected = new float[channels * outSide * outSide];
        float[] actual = new float[expected.length];
        SCALAR.depthwise(in, channels, side, w, 3, stride, padBegin, expected, outSide);
        VECTOR.depthwise(in, channels, side, w, 3, stride, padBegin, actual, outSide);
        assertClose(expected, actual, 9, "depthwise side " + side + " stride " + stride);
        float[] floats = new float[expected.length];
        FLOAT.depthwise(in, channels, side, w, 3, stride, padBegin, floats, outSide);
        assertSameBits(actual, floats, "float depthwise side " + side + " stride " + stride);
    }

    @ParameterizedTest
    @CsvSource({"2, 1", "9, 5", "31, 16", "128, 64", "256, 128"})
    void stemMatchesReference(int side, int outSide) {
        int cout = 6;
        float[] in = random(3 * side * side, side);
        float[] w = random(cout * 3 * 25, 7);
        float[] bias = random(cout, 8);
        float[] expected = new float[cout * outSide * outSide];
        float[] actual = new float[expected.length];
        SCALAR.convRelu(in, 3, side, w, bias, cout, 5, 2, 1, expected, outSide);
        VECTOR.convRelu(in, 3, side, w, bias, cout, 5, 2, 1, actual, outSide);
        assertClose(expected, actual, 75, "stem side " + side);
        float[] floats = new float[expected.length];
        FLOAT.convRelu(in, 3, side, w, bias, cout, 5, 2, 1, floats, outSide);
        assertSameBits(actual, floats, "float stem side " + side);
    }

    @ParameterizedTest
    @CsvSource({"1, 1, 1, 0", "3, 5, 13, 3", "24, 28, 207, 24", "42, 48, 64, 42", "88, 2, 256, 0", "96, 96, 1023, 96",
            "13, 7, 4097, 13"})
    void pointwiseMatchesReference(int cin, int cout, int pixels, int residualChannels) {
        float[] in = random(cin * pixels, cin);
        float[] w = random(cout * cin, cout);
        float[] bias = random(cout, pixels);
        float[] residual = random(Math.max(1, residualChannels) * pixels, 5);
        for (boolean relu : new boolean[] {false, true}) {
            float[] expected = new float[cout * pixels];
            float[] actual = new float[expected.length];
            SCALAR.pointwise(in, cin, pixels, w, bias, cout, residual, residualChannels, relu, expected);
            VECTOR.pointwise(in, cin, pixels, w, bias, cout, residual, residualChannels, relu, actual);
            assertClose(expected, actual, cin + 1, "pointwise " + cin + "→" + cout + " over " + pixels + (relu ? " relu" : ""));
            float[] floats = new float[expected.length];
            FLOAT.pointwise(in, cin, pixels, w, bias, cout, residual, residualChannels, relu, floats);
            assertSameBits(actual, floats, "float pointwise " + cin + "→" + cout + " over " + pixels + (relu ? " relu" : ""));
        }
    }
}
