package dev.vitface.classify;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One head's answer for one face: the most probable label, its probability, and the whole
 * distribution (softmax of the logits) in label order. These are *perceived* attributes.
 */
public record TaskPrediction(String label, double probability, Map<String, Double> probabilities) {

    public TaskPrediction {
        probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
    }

    /** Softmax (max-subtracted, in double) of {@code logits[offset .. offset+labels.size())}. */
    public static TaskPrediction fromLogits(float[] logits, int offset, List<String> labels) {
        int n = labels.size();
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, logits[offset + i]);
        double[] p = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp(logits[offset + i] - max);
            sum += p[i];
        }
        Map<String, Double> distribution = new LinkedHashMap<>();
        int best = 0;
        for (int i = 0; i < n; i++) {
            p[i] /= sum;
            distribution.put(labels.get(i), p[i]);
            if (p[i] > p[best]) best = i;
        }
        return new TaskPrediction(labels.get(best), p[best], distribution);
    }
}
