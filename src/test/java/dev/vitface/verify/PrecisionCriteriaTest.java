package dev.vitface.verify;

import dev.vitface.backend.Precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.Fixtures;
import dev.vitface.backend.Backend;
import dev.vitface.backend.JavaReferenceBackend;
import dev.vitface.forward.ForwardOutput;
import dev.vitface.model.ModelDirectory;
import dev.vitface.model.Task;
import dev.vitface.forward.cpu.VisionTransformer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The criteria the GPU check applies, exercised on the CPU reference's output for the tiny golden
 * file (which must pass all of them) and on deliberately damaged copies (which must not).
 */
class PrecisionCriteriaTest {
    private static GoldenFile golden;
    private static ForwardOutput reference;

    @BeforeAll
    static void runReference() {
        golden = GoldenFile.read(Fixtures.path("tiny/golden.safetensors"));
        try (ModelDirectory model = ModelDirectory.open(Fixtures.tinyModel());
             Backend backend = new JavaReferenceBackend(1);
             VisionTransformer vit = new VisionTransformer(model.config(), model.weights(), backend, golden.images())) {
            reference = vit.forward(golden.pixelValues(), golden.images(), true);
        }
    }

    @Test
    void theCpuReferencePassesEveryPrecisionsCriteria() {
        for (Precision p : Precision.values()) {
            List<PrecisionCriteria.Criterion> checks = PrecisionCriteria.evaluate(p, golden, reference, PrecisionCriteria.FP32_ATOL, PrecisionCriteria.LOGITS_RTOL);
            assertFalse(checks.isEmpty());
            for (PrecisionCriteria.Criterion c : checks) assertTrue(c.pass(), p + ": " + c);
        }
        // fp32 judges all 7 outputs (3 hidden states, pooler, 3 heads); tf32/bf16 the pooler and 3 argmaxes.
        assertEquals(7, PrecisionCriteria.evaluate(Precision.FP32, golden, reference, PrecisionCriteria.FP32_ATOL, PrecisionCriteria.LOGITS_RTOL).size());
        assertEquals(7, PrecisionCriteria.evaluate(Precision.BF16, golden, reference, PrecisionCriteria.FP32_ATOL, PrecisionCriteria.LOGITS_RTOL).size());
    }

    @Test
    void fp32FailsOnAnErrorAboveTheBound() {
        float[] pooler = reference.pooler().clone();
        pooler[5] += 2e-4f;
        ForwardOutput off = new ForwardOutput(reference.batch(), pooler, reference.logits(), reference.hiddenStates());
        List<PrecisionCriteria.Criterion> checks = PrecisionCriteria.evaluate(Precision.FP32, golden, off, PrecisionCriteria.FP32_ATOL, PrecisionCriteria.LOGITS_RTOL);
        assertEquals(1, checks.stream().filter(c -> !c.pass()).count(), checks.toString());
        // The same error is nothing to bf16's cosine bound.
        assertTrue(PrecisionCriteria.evaluate(Precision.BF16, golden, off, PrecisionCriteria.FP32_ATOL, PrecisionCriteria.LOGITS_RTOL).stream().allMatch(PrecisionCriteria.Criterion::pass));
    }

    @Test
    void bf16FailsOnAFlippedDecision() {
        Map<Task, float[]> logits = new EnumMap<>(reference.logits());
        float[] gender = logits.get(Task.GENDER).clone();
        // Image 1's two gender logits swapped: its argmax flips.
        float t = gender[2];
        gender[2] = gender[3];
        gender[3] = t;
        logits.put(Task.GENDER, gender);
        ForwardOutput flipped = new ForwardOutput(reference.batch(), reference.pooler(), logits, reference.hiddenStates());
        PrecisionCriteria.Criterion c = PrecisionCriteria.evaluate(Precision.BF16, golden, flipped, PrecisionCriteria.FP32_ATOL, PrecisionCriteria.LOGITS_RTOL).stream()
                .filter(x -> x.name().equals("logits.gender argmax")).findFirst().orElseThrow();
        assertFalse(c.pass());
        assertTrue(c.measured().startsWith("1 of 3 images differ (min golden top-2 margin "), c.measured());
    }

    @Test
    void aFlipOnANearTieIsToleratedAndReported() {
        // Two images, three classes; scale (largest |golden|) 2.0, so a near-tie is a margin below 0.02.
        double[] golden = {1.000, 0.990, -2.0, 0.5, -0.5, 0.0};
        float[] flipped = {0.990f, 1.000f, -2.0f, 0.5f, -0.5f, 0.0f};
        PrecisionCriteria.Criterion c = PrecisionCriteria.argmax("logits.x", golden, flipped, 2);
        assertTrue(c.pass(), c.toString());
        assertEquals("1 of 2 images differ, 1 a near-tie (min golden top-2 margin 0.0100)", c.measured());
        assertEquals("0 but near-ties (< 0.0200)", c.bound());
    }

    @Test
    void aFlipBeyondTheNearTieMarginFails() {
        // Margin 0.02 = NEAR_TIE_RTOL x 2.0 exactly: not a near-tie.
        double[] golden = {1.00, 0.98, -2.0};
        PrecisionCriteria.Criterion c = PrecisionCriteria.argmax("logits.x", golden, new float[] {0.9f, 1.0f, -2.0f}, 1);
        assertFalse(c.pass(), c.toString());
        assertEquals("1 of 1 images differ (min golden top-2 margin 0.0200)", c.measured());
        // The run's choice must itself be near the golden best: a swap with the third class is no near-tie.
        double[] close = {1.000, 0.999, 0.5, -2.0};
        assertFalse(PrecisionCriteria.argmax("logits.x", close, new float[] {0.9f, 0.9f, 1.0f, -2.0f}, 1).pass());
        // A non-finite logit is never excused.
        assertFalse(PrecisionCriteria.argmax("logits.x", close, new float[] {0.9f, Float.NaN, 0.5f, -2.0f}, 1).pass());
    }

    @Test
    void cosineBoundsSeparateTf32FromBf16() {
        Random random = new Random(1);
        float[] noisy = reference.pooler().clone();
        // Relative noise of ~2%: cosine ~0.9998, inside bf16's bound, outside tf32's.
        for (int i = 0; i < noisy.length; i++) noisy[i] *= (float) (1 + 0.02 * random.nextGaussian());
        ForwardOutput out = new ForwardOutput(reference.batch(), noisy, reference.logits(), List.of());
        double cos = PrecisionCriteria.minRowCosine(golden.outputs().get("pooler_output").values(), noisy, golden.images());
        assertTrue(cos > PrecisionCriteria.BF16_MIN_COSINE && cos < PrecisionCriteria.TF32_MIN_COSINE, "cosine " + cos);
        assertTrue(PrecisionCriteria.evaluate(Precision.BF16, golden, out, PrecisionCriteria.FP32_ATOL, PrecisionCriteria.LOGITS_RTOL).getFirst().pass());
        assertFalse(PrecisionCriteria.evaluate(Precision.TF32, golden, out, PrecisionCriteria.FP32_ATOL, PrecisionCriteria.LOGITS_RTOL).getFirst().pass());
    }

    @Test
    void aMissingOrNonFiniteOutputNeverPasses() {
        float[] nan = reference.pooler().clone();
        nan[0] = Float.NaN;
        assertTrue(Double.isNaN(PrecisionCriteria.minRowCosine(golden.outputs().get("pooler_output").values(), nan, 3)));
        ForwardOutput noHidden = new ForwardOutput(reference.batch(), reference.pooler(), reference.logits(), List.of());
        assertTrue(PrecisionCriteria.evaluate(Precision.FP32, golden, noHidden, PrecisionCriteria.FP32_ATOL, PrecisionCriteria.LOGITS_RTOL).stream()
                .anyMatch(c -> c.name().startsWith("hidden_states") && !c.pass()));
        float[] nanLogits = reference.logits().get(Task.AGE).clone();
        java.util.Arrays.fill(nanLogits, Float.NaN);
        assertFalse(PrecisionCriteria.argmax("logits.age", golden.outputs().get("logits.age").values(), nanLogits, 3).pass());
    }
}
