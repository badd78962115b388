package dev.vitface.verify;

import dev.vitface.backend.Precision;
import dev.vitface.engine.Engine;
import dev.vitface.engine.EngineOptions;
import dev.vitface.forward.ForwardOutput;
import dev.vitface.model.ModelDirectory;
import dev.vitface.model.VisionConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs a model on a golden file's pixel values and compares every output the file holds. */
public final class Verifier {
    private Verifier() {}

    /**
     * Judged by the precision the engine actually ran ({@link PrecisionCriteria}): fp32 by
     * {@code atol} on every output, tf32 and bf16 by cosine, {@code logitsRtol} and argmax.
     */
    public static VerifyReport verify(ModelDirectory model, GoldenFile golden, EngineOptions options, double atol,
                                      double logitsRtol) {
        checkFits(model.config(), golden);
        boolean hidden = golden.highestHiddenState().isPresent();
        ForwardOutput out;
        String engineDescription;
        Precision precision;
        try (Engine engine = Engine.open(model.config(), model.weights(), options, golden.images())) {
            out = engine.forward(golden.pixelValues(), golden.images(), hidden);
            engineDescription = engine.description();
            precision = engine.precision();
        }
        List<Comparison> comparisons = new ArrayList<>();
        golden.outputs().forEach((name, expected) -> {
            float[] actual = PrecisionCriteria.actual(name, out);
            String shape = Arrays.toString(expected.shape());
            comparisons.add(actual == null
                    ? new Comparison(name, shape + " (no such output: head missing?)", Double.NaN, Double.NaN, Double.NaN, false)
                    : Comparison.of(name, shape, expected.values(), actual, atol));
        });
        return new VerifyReport(engineDescription, precision, comparisons,
                PrecisionCriteria.evaluate(precision, golden, out, atol, logitsRtol));
    }

    static void checkFits(VisionConfig c, GoldenFile golden) {
        long[] expectedPixels = {golden.images(), c.numChannels(), c.imageSize(), c.imageSize()};
        if (!Arrays.equals(golden.pixelShape(), expectedPixels)) {
            throw new IllegalArgumentException(golden.path().getFileName() + ": pixel_values "
                    + Arrays.toString(golden.pixelShape()) + " do not fit this model, which expects "
                    + Arrays.toString(expectedPixels));
        }
        if (golden.highestHiddenState().isPresent() && golden.highestHiddenState().get() > c.numHiddenLayers()) {
            throw new IllegalArgumentException(golden.path().getFileName() + ": has hidden_states."
                    + golden.highestHiddenState().get() + " but the model has " + c.numHiddenLayers() + " layers");
        }
    }
}
