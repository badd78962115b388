package dev.vitface.faces.blazeface;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.Fixtures;
import dev.vitface.preprocess.ImageDecoder;
import dev.vitface.preprocess.RgbImage;
import dev.vitface.safetensors.SafetensorsFile;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Java network against ONNX Runtime 1.29.0 on the original ONNX files
 * ({@code tools/BlazeFaceGoldens.java} wrote {@code fixtures/faces/*.ort.safetensors}), on square
 * photos of the input size so the input tensor is exactly {@code v / 127.5 − 1}. All four raw
 * outputs, for the vector kernels and the scalar reference alike, within
 * {@code 1e-4 + 2e-5·|ort| + 2e-6·max|ort|} (the max over the tensor). The float kernels, and the
 * warming kernels that go from them to the vector ones in the middle of the network, must give the
 * vector kernels' bits exactly.
 *
 * <p>1e-4 absolute alone cannot hold in float32. The activations grow large (the full-range score
 * logits reach 8 × 10³ on the coffee photo, where one float32 ulp is 1e-3) and cancel, so the last
 * bits depend on summation order. Measured with the vector kernels: within 6e-5 wherever |ort| ≤ 1,
 * except one full-range regressor value 1.3e-4 off; 1.1e-4 to 4.9e-3 on values of 10² to 8 × 10³,
 * at most 2.5e-6 of the tensor's largest magnitude. None of it reaches decoding: logits are clipped to ±100
 * before the sigmoid, and 1e-3 on a regressor is 4e-6 of the input side.
 */
class BlazeFaceGoldenTest {
    private static final double ABSOLUTE = 1e-4;
    private static final double RELATIVE = 2e-5;
    private static final double OF_TENSOR_MAX = 2e-6;
    private static final String[] OUTPUTS = {"Identity:0", "Identity_1:0", "Identity_2:0", "Identity_3:0"};

    @ParameterizedTest
    @CsvSource({
            "blazeface_full_range.safetensors, 256, astronaut",
            "blazeface_full_range.safetensors, 256, coffee",
            "blazeface_short_range.safetensors, 128, astronaut",
            "blazeface_short_range.safetensors, 128, coffee"})
    void rawOutputsMatchOnnxRuntime(String weights, int size, String photo) throws Exception {
        BlazeFaceNetwork vector = new BlazeFaceNetwork(BlazeFaceWeights.fromResource(weights, size),
                VectorConvKernelsHolder.INSTANCE);
        BlazeFaceNetwork scalar = vector.withKernels(ScalarConvKernels.INSTANCE);
        RgbImage image = ImageDecoder.defaults().decode(Fixtures.path("faces/" + photo + "_" + size + ".png"));
        float[] input = Letterbox.of(size, size, size).tensor(image);
        for (int i = 0; i < input.length; i++) {
            int v = image.rgb()[(i % (size * size)) * 3 + i / (size * size)] & 0xFF;
            assertEquals(v / 127.5f - 1f, input[i], "a same-size letterbox is the identity");
        }
        RawOutputs fast = vector.forward(input);
        RawOutputs floats = vector.withKernels(FloatConvKernels.INSTANCE).forward(input);
        RawOutputs warming = vector.withKernels(new WarmingConvKernels(9)).forward(input);
        for (int o = 0; o < OUTPUTS.length; o++) {
            assertArrayEquals(bits(fast.tensors()[o]), bits(floats.tensors()[o]), "float kernels, " + OUTPUTS[o]);
            assertArrayEquals(bits(fast.tensors()[o]), bits(warming.tensors()[o]), "warming kernels, " + OUTPUTS[o]);
        }
        // The scalar reference takes seconds at 256: one photo per model is enough to pin it.
        RawOutputs reference = photo.equals("astronaut") ? scalar.forward(input) : fast;
        try (SafetensorsFile golden = SafetensorsFile.open(Fixtures.path("faces/" + photo + "_" + size + ".ort.safetensors"))) {
            for (int o = 0; o < OUTPUTS.length; o++) {
                float[] expected = golden.toFloatArray(golden.require(OUTPUTS[o]));
                float[] vectorOut = fast.tensors()[o];
                float[] scalarOut = reference.tensors()[o];
                System.out.printf(Locale.ROOT,
                        "%s %s %s (max |ort| %.3g): max |java - ort| vector %.3g, scalar %.3g;"
                                + " where |ort| <= 1: %.3g, %.3g; worst share of the bound %.2f, %.2f%n",
                        weights, photo, OUTPUTS[o], maxAbs(expected), maxAbsDiff(expected, vectorOut, Double.MAX_VALUE),
                        maxAbsDiff(expected, scalarOut, Double.MAX_VALUE), maxAbsDiff(expected, vectorOut, 1),
                        maxAbsDiff(expected, scalarOut, 1), worstShare(expected, vectorOut), worstShare(expected, scalarOut));
                assertTrue(worstShare(expected, vectorOut) <= 1, OUTPUTS[o] + ": vector kernels outside the bound");
                assertTrue(worstShare(expected, scalarOut) <= 1, OUTPUTS[o] + ": scalar kernels outside the bound");
            }
        }
    }

    /** The largest |actual − expected| among the elements with |expected| ≤ {@code upTo}. */
    private static double maxAbsDiff(float[] expected, float[] actual, double upTo) {
        assertEquals(expected.length, actual.length, "length");
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i]) <= upTo) max = Math.max(max, Math.abs((double) expected[i] - actual[i]));
        }
        return max;
    }

    /** The largest |actual − expected| / bound: at most 1 passes. */
    private static double worstShare(float[] expected, float[] actual) {
        double worst = 0;
        double scale = OF_TENSOR_MAX * maxAbs(expected);
        for (int i = 0; i < expected.length; i++) {
            double bound = ABSOLUTE + RELATIVE * Math.abs(expected[i]) + scale;
            worst = Math.max(worst, Math.abs((double) expected[i] - actual[i]) / bound);
        }
        return worst;
    }

    private static double maxAbs(float[] a) {
        double max = 0;
        for (float v : a) max = Math.max(max, Math.abs(v));
        return max;
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) bits[i] = Float.floatToRawIntBits(values[i]);
        return bits;
    }
}
