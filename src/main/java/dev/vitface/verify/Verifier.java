package dev.vitface.verify;

import dev.vitface.backend.Backend;
import dev.vitface.model.ForwardOutput;
import dev.vitface.model.ModelDirectory;
import dev.vitface.model.Task;
import dev.vitface.model.VisionConfig;
import dev.vitface.model.VisionTransformer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs a model on a golden file's pixel values and compares every output the file holds. */
public final class Verifier {
    private Verifier() {}

    /** Every output within {@code atol} (the FP32 criteria). */
    public static List<Comparison> verify(ModelDirectory model, GoldenFile golden, Backend backend, double atol) {
        return verify(model, golden, backend, new Criteria.MaxAbs(atol));
    }

    public static List<Comparison> verify(ModelDirectory model, GoldenFile golden, Backend backend, Criteria criteria) {
        VisionConfig c = model.config();
        long[] expectedPixels = {golden.images(), c.numChannels(), c.imageSize(), c.imageSize()};
        if (!Arrays.equals(golden.pixelShape(), expectedPixels)) {
            throw new IllegalArgumentException(golden.path().getFileName() + ": pixel_values "
                    + Arrays.toString(golden.pixelShape()) + " do not fit this model, which expects "
                    + Arrays.toString(expectedPixels));
        }
        boolean hidden = golden.highestHiddenState().isPresent();
        if (hidden && golden.highestHiddenState().get() > c.numHiddenLayers()) {
            throw new IllegalArgumentException(golden.path().getFileName() + ": has hidden_states."
                    + golden.highestHiddenState().get() + " but the model has " + c.numHiddenLayers() + " layers");
        }
        ForwardOutput out;
        try (VisionTransformer vit = new VisionTransformer(c, model.weights(), backend, golden.images())) {
            out = vit.forward(golden.pixelValues(), golden.images(), hidden);
        }
        List<Comparison> results = new ArrayList<>();
        golden.outputs().forEach((name, expected) -> {
            float[] actual = actualFor(name, out);
            String shape = Arrays.toString(expected.shape());
            if (actual == null) {
                results.add(new Comparison(name, shape + " (no such output: head missing?)", Double.NaN, Double.NaN,
                        Double.NaN, null, false));
            } else {
                int labels = name.startsWith("logits.") && expected.shape().length == 2 ? (int) expected.shape()[1] : 0;
                results.add(Comparison.of(name, shape, labels, expected.values(), actual, criteria));
            }
        });
        return results;
    }

    private static float[] actualFor(String name, ForwardOutput out) {
        if (name.equals("pooler_output")) return out.pooler();
        if (name.startsWith("hidden_states.")) return out.hiddenStates().get(Integer.parseInt(name.substring(14)));
        String task = name.substring("logits.".length());
        for (Task t : Task.values()) if (t.key().equals(task)) return out.logits().get(t);
        return null;
    }
}
