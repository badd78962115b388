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
        double[] slice = new double[labels.size()];
        for (int i = 0; i < slice.length; i++) slice[i] = logits[offset + i];
        double[] p = softmax(slice);
        Map<String, Double> distribution = new LinkedHashMap<>();
        int best = 0;
        for (int i = 0; i < p.length; i++) {
            distribution.put(labels.get(i), p[i]);
            if (p[i] > p[best]) best = i;
        }
        return new TaskPrediction(labels.get(best), p[best], distribution);
    }

    /** Softmax in double, max-subtracted so large logits do not overflow. */
    public static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) max = Math.max(max, l);
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) p[i] /= sum;
        return p;
    }
}
