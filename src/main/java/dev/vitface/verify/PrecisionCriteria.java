package dev.vitface.verify;

import dev.vitface.backend.Precision;

import dev.vitface.forward.ForwardOutput;
import dev.vitface.model.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What "matches the golden file" means for each precision, stated once (verify, and the GPU check):
 * <ul>
 *   <li>fp32: every output (pooler, logits, hidden states) within {@value #FP32_ATOL} max abs,
 *       the CPU path's bound;</li>
 *   <li>tf32: per-image cosine of {@code pooler_output} ≥ {@value #TF32_MIN_COSINE}, each head's
 *       logits within {@code rtol} × its largest |golden logit|, and the same argmax on every head
 *       for every image, except on a near-tie;</li>
 *   <li>bf16: the same with cosine ≥ {@value #BF16_MIN_COSINE}.</li>
 * </ul>
 * TF32 and BF16 round GEMM operands to 10 and 7 mantissa bits, so an element-wise bound made for
 * FP32 would either be loose enough to mean nothing or fail on healthy runs; direction (cosine),
 * the logits' error relative to their scale (BF16's error grows with the values) and the decision
 * (argmax) are what a classifier needs to keep. The default {@value #LOGITS_RTOL} is about 4× the
 * largest measured on the seeded ViT-L/14 at bf16 (5.4e-3; docs/BF16.md).
 *
 * <p>A near-tie: the class the run chose has a golden logit within {@value #NEAR_TIE_RTOL} × the
 * head's largest |golden logit| of the golden best. Such an image may pick either class — two
 * logits each off by the measured BF16 error (5.4e-3 of the scale) can swap classes that close,
 * and untrained heads (the seeded ViT-L/14's) put classes close together — so a difference there
 * is tolerated and counted in the report; any other difference fails. Each argmax line also gives
 * the smallest golden top-2 margin over the images.
 */
public final class PrecisionCriteria {
    public static final double FP32_ATOL = 1e-4;
    public static final double TF32_MIN_COSINE = 0.9999;
    public static final double BF16_MIN_COSINE = 0.999;
    public static final double LOGITS_RTOL = 0.02;
    /** Golden logits closer than this fraction of the head's scale are a near-tie (see the class comment). */
    public static final double NEAR_TIE_RTOL = 0.01;

    /** One check: what was measured against which bound. */
    public record Criterion(String name, String measured, String bound, boolean pass) {}

    private PrecisionCriteria() {}

    /**
     * The checks for {@code precision}: fp32 compares every output within {@code fp32Atol};
     * tf32 and bf16 bound each head's logits by {@code logitsRtol} of their scale.
     */
    public static List<Criterion> evaluate(Precision precision, GoldenFile golden, ForwardOutput out, double fp32Atol,
                                           double logitsRtol) {
        List<Criterion> checks = new ArrayList<>();
        if (precision == Precision.FP32) {
            for (Map.Entry<String, GoldenFile.Expected> e : golden.outputs().entrySet()) {
                float[] actual = actual(e.getKey(), out);
                if (actual == null) {
                    checks.add(new Criterion(e.getKey(), "missing", "present", false));
                    continue;
                }
                Comparison c = Comparison.of(e.getKey(), "", e.getValue().values(), actual, fp32Atol);
                checks.add(new Criterion(e.getKey() + " max abs", String.format("%.3e", c.maxAbs()),
                        String.format("<= %.1e", fp32Atol), c.pass()));
            }
            return checks;
        }
        double minCosine = precision == Precision.TF32 ? TF32_MIN_COSINE : BF16_MIN_COSINE;
        GoldenFile.Expected pooler = golden.outputs().get("pooler_output");
        if (pooler != null) {
            double cos = minRowCosine(pooler.values(), out.pooler(), golden.images());
            checks.add(new Criterion("pooler_output cosine (worst image)", String.format("%.6f", cos),
                    String.format(">= %s", minCosine), cos >= minCosine));
        }
        for (Task t : Task.values()) {
            GoldenFile.Expected expected = golden.outputs().get("logits." + t.key());
            if (expected == null) continue;
            float[] actual = out.logits().get(t);
            if (actual == null) {
                checks.add(new Criterion("logits." + t.key() + " argmax", "missing", "present", false));
                continue;
            }
            Comparison c = Comparison.of("logits." + t.key(), "", expected.values(), actual, Double.POSITIVE_INFINITY);
            checks.add(new Criterion("logits." + t.key() + " max abs / max |logit|", String.format("%.3e", c.maxRel()),
                    String.format("<= %.1e", logitsRtol), c.maxRel() <= logitsRtol));
            checks.add(argmax("logits." + t.key(), expected.values(), actual, golden.images()));
        }
        return checks;
    }

    /**
     * Same argmax for every image, a near-tie excepted (the class comment); reports the images
     * that differ, how many of them were near-ties, and the smallest golden top-2 margin.
     */
    static Criterion argmax(String name, double[] expected, float[] actual, int images) {
        if (expected.length != actual.length || expected.length % images != 0) {
            return new Criterion(name + " argmax", actual.length + " values", expected.length + " values", false);
        }
        int labels = expected.length / images;
        double scale = 0;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        double nearTie = NEAR_TIE_RTOL * scale;
        int differ = 0, nearTies = 0;
        double smallestMargin = Double.POSITIVE_INFINITY;
        for (int b = 0; b < images; b++) {
            int e = 0, a = 0;
            for (int j = 1; j < labels; j++) {
                if (expected[b * labels + j] > expected[b * labels + e]) e = j;
                if (actual[b * labels + j] > actual[b * labels + a]) a = j;
            }
            boolean finite = true;
            for (int j = 0; j < labels; j++) finite &= Float.isFinite(actual[b * labels + j]);
            if (e != a || !finite) {
                differ++;
                if (finite && expected[b * labels + e] - expected[b * labels + a] < nearTie) nearTies++;
            }
            for (int j = 0; j < labels; j++) {
                if (j != e) smallestMargin = Math.min(smallestMargin, expected[b * labels + e] - expected[b * labels + j]);
            }
        }
        String measured = differ + " of " + images + " images differ";
        if (nearTies > 0) measured += ", " + nearTies + " a near-tie";
        if (labels > 1) measured += String.format(" (min golden top-2 margin %.3g)", smallestMargin);
        return new Criterion(name + " argmax", measured, String.format("0 but near-ties (< %.3g)", nearTie),
                differ == nearTies);
    }

    /** The lowest cosine similarity over the rows (images) of two {@code [images, n]} tensors. */
    static double minRowCosine(double[] expected, float[] actual, int images) {
        if (expected.length != actual.length || images < 1 || expected.length % images != 0) return Double.NaN;
        int n = expected.length / images;
        double worst = 1;
        for (int b = 0; b < images; b++) {
            double dot = 0, ee = 0, aa = 0;
            for (int i = b * n; i < (b + 1) * n; i++) {
                dot += expected[i] * actual[i];
                ee += expected[i] * expected[i];
                aa += (double) actual[i] * actual[i];
            }
            double cos = ee == 0 || aa == 0 ? (ee == aa ? 1 : 0) : dot / Math.sqrt(ee * aa);
            if (!Double.isFinite(cos)) return Double.NaN;
            worst = Math.min(worst, cos);
        }
        return worst;
    }

    /** The engine output a golden tensor name refers to, or null if there is none. */
    public static float[] actual(String name, ForwardOutput out) {
        if (name.equals("pooler_output")) return out.pooler();
        if (name.startsWith("hidden_states.")) {
            int k = Integer.parseInt(name.substring("hidden_states.".length()));
            return k < out.hiddenStates().size() ? out.hiddenStates().get(k) : null;
        }
        for (Task t : Task.values()) if (name.equals("logits." + t.key())) return out.logits().get(t);
        return null;
    }
}
