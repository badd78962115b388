package dev.vitface.forward.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vitface.Fixtures;
import dev.vitface.engine.BackendKind;
import dev.vitface.engine.Engine;
import dev.vitface.engine.EngineOptions;
import dev.vitface.engine.Workload;
import dev.vitface.backend.Precision;
import dev.vitface.forward.ForwardOutput;
import dev.vitface.model.ModelDirectory;
import dev.vitface.model.Task;
import dev.vitface.model.synth.SeededModelWriter;
import dev.vitface.safetensors.SafetensorsFile;
import dev.vitface.safetensors.TensorInfo;
import dev.vitface.verify.Comparison;
import dev.vitface.verify.GoldenFile;
import dev.vitface.verify.Verifier;
import dev.vitface.verify.PrecisionCriteria;
import dev.vitface.verify.VerifyReport;
import dev.vitface.backend.dnnl.Bf16Support;
import dev.vitface.backend.dnnl.OneDnnBackend;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The full-size ViT-L/14 shape: weights synthesized by the seeded recipe through {@code synth}'s
 * writer and loaded through the normal loader, against float64 golden outputs for two images.
 */
class SeededViTL14Test {
    private static Path dir;

    @BeforeAll
    static void synthesize() throws IOException {
        dir = Files.createTempDirectory("vitface-l14-");
        long params = SeededModelWriter.write(Fixtures.path("vit-l14-seeded/config.json"), dir);
        assertEquals(303_198_226L, params);
    }

    @AfterAll
    static void delete() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) Files.delete(p);
        }
        Files.delete(dir);
    }

    @Test
    void recipeMatchesRecipeCheck() throws IOException {
        JsonObject check = JsonParser.parseString(
                Files.readString(Fixtures.path("vit-l14-seeded/recipe_check.json"))).getAsJsonObject();
        try (SafetensorsFile file = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
            for (Map.Entry<String, JsonElement> e : check.entrySet()) {
                JsonObject expected = e.getValue().getAsJsonObject();
                TensorInfo info = file.require(e.getKey());
                long[] shape = new long[expected.getAsJsonArray("shape").size()];
                for (int i = 0; i < shape.length; i++) shape[i] = expected.getAsJsonArray("shape").get(i).getAsLong();
                assertEquals(java.util.Arrays.toString(shape), info.shapeString(), e.getKey());
                MemorySegment values = file.f32(info);
                var first = expected.getAsJsonArray("first4");
                for (int i = 0; i < first.size(); i++) {
                    assertEquals(first.get(i).getAsFloat(), values.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i),
                            e.getKey() + "[" + i + "]");
                }
                double sum = 0;
                for (long i = 0; i < info.elementCount(); i++) sum += values.getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i);
                double expectedSum = expected.get("sum_f64").getAsDouble();
                // Only the summation order differs from the reference's (numpy sums pairwise).
                assertEquals(expectedSum, sum, 1e-9 + 1e-12 * info.elementCount(), e.getKey() + " sum");
            }
        }
    }

    @Test
    void poolerAndLogitsWithin5e5OfGolden() {
        GoldenFile golden = GoldenFile.read(Fixtures.path("vit-l14-seeded/golden.safetensors"));
        try (ModelDirectory model = ModelDirectory.open(dir)) {
            assertEquals("CLIP ViT-L/14", model.config().architectureName());
            EngineOptions cpu = new EngineOptions(BackendKind.CPU, Precision.FP32, Runtime.getRuntime().availableProcessors());
            List<Comparison> results = Verifier.verify(model, golden, cpu, 5e-5, PrecisionCriteria.LOGITS_RTOL).comparisons();
            assertEquals(List.of("pooler_output", "logits.age", "logits.gender", "logits.race"),
                    results.stream().map(Comparison::name).toList());
            for (Comparison c : results) assertTrue(c.pass(), c.name() + ": max abs " + c.maxAbs());
        }
    }

    @Test
    void eachImageAloneWithin5e5OfGolden() {
        // One image is 257 rows: on 2 threads that takes the feature-major schedule, whatever
        // the machine's core count, and without hidden states the CLS-only last layer.
        GoldenFile golden = GoldenFile.read(Fixtures.path("vit-l14-seeded/golden.safetensors"));
        int perImage = golden.pixelValues().length / golden.images();
        try (ModelDirectory model = ModelDirectory.open(dir);
             Engine engine = Engine.open(model.config(), model.weights(), new EngineOptions(BackendKind.CPU, Precision.FP32, 2), 1)) {
            for (int i = 0; i < golden.images(); i++) {
                float[] pixels = java.util.Arrays.copyOfRange(golden.pixelValues(), i * perImage, (i + 1) * perImage);
                ForwardOutput out = engine.forward(pixels, 1, false);
                assertWithin(golden.outputs().get("pooler_output").values(), i, out.pooler(), 5e-5, "pooler, image " + i);
                for (Task t : Task.values()) {
                    assertWithin(golden.outputs().get("logits." + t.key()).values(), i, out.logits().get(t), 5e-5,
                            t.key() + ", image " + i);
                }
            }
        }
    }

    @Test
    void aShortRunGivesTheBitsOfTheVectorKernels() {
        // classify of a few photos takes the lane kernels (no JIT warm-up); they must change nothing.
        GoldenFile golden = GoldenFile.read(Fixtures.path("vit-l14-seeded/golden.safetensors"));
        int perImage = golden.pixelValues().length / golden.images();
        float[] image = java.util.Arrays.copyOfRange(golden.pixelValues(), 0, perImage);
        try (ModelDirectory model = ModelDirectory.open(dir);
             Engine lanes = Engine.open(model.config(), model.weights(),
                     new EngineOptions(BackendKind.AUTO, Precision.FP32, 2, false, Workload.ofImages(1)), 1);
             Engine vector = Engine.open(model.config(), model.weights(),
                     new EngineOptions(BackendKind.AUTO, Precision.FP32, 2, false, Workload.FEW_IMAGES), 1)) {
            assertTrue(lanes.description().contains("lane("), lanes.description());
            assertTrue(vector.description().contains("vector("), vector.description());
            for (int pass = 0; pass < 2; pass++) {
                ForwardOutput a = lanes.forward(image, 1, false);
                ForwardOutput b = vector.forward(image, 1, false);
                assertEquals(-1, java.util.Arrays.mismatch(a.pooler(), b.pooler()), "pooler, pass " + pass);
                for (Task t : Task.values()) {
                    assertEquals(-1, java.util.Arrays.mismatch(a.logits().get(t), b.logits().get(t)), t.key() + ", pass " + pass);
                }
            }
        }
    }

    @Test
    void oneDnnGivesAnImageTheSameBitsAloneAndAtEverySlotOfABatch() {
        // serve's promise on its CPU default (BatchInvarianceTest has the tiny model): at this size
        // fc2's K of 4096 is where a single-row product takes another path in oneDNN, so a batch of
        // three (CLS rows split 2 + 1 over two threads) tells whether the forward pass kept
        // single rows apart.
        GoldenFile golden = GoldenFile.read(Fixtures.path("vit-l14-seeded/golden.safetensors"));
        int perImage = golden.pixelValues().length / golden.images();
        float[] first = java.util.Arrays.copyOfRange(golden.pixelValues(), 0, perImage);
        float[] second = java.util.Arrays.copyOfRange(golden.pixelValues(), perImage, 2 * perImage);
        try (ModelDirectory model = ModelDirectory.open(dir);
             Engine engine = Engine.open(model.config(), model.weights(), new EngineOptions(BackendKind.ONEDNN, Precision.FP32, 2), 3)) {
            ForwardOutput alone = engine.forward(first, 1, false);
            assertWithin(golden.outputs().get("pooler_output").values(), 0, alone.pooler(), 5e-5, "pooler alone");
            float[] batch = new float[3 * perImage];
            for (int slot = 0; slot < 3; slot++) {
                for (int i = 0; i < 3; i++) System.arraycopy(i == slot ? first : second, 0, batch, i * perImage, perImage);
                ForwardOutput batched = engine.forward(batch, 3, false);
                assertBitsEqual(alone.pooler(), 0, batched.pooler(), slot, "pooler, slot " + slot);
                for (Task t : Task.values()) {
                    assertBitsEqual(alone.logits().get(t), 0, batched.logits().get(t), slot, t.key() + ", slot " + slot);
                }
            }
        }
    }

    @Test
    void oneDnnColumnPartsGiveTheBitsOfRowBlocks() {
        // One image takes column parts on oneDNN (each worker all 257 rows of half of each
        // product); a larger batch takes row blocks. The two must agree bit for bit, which is
        // what keeps serve's answers the same alone and batched.
        GoldenFile golden = GoldenFile.read(Fixtures.path("vit-l14-seeded/golden.safetensors"));
        int perImage = golden.pixelValues().length / golden.images();
        float[] image = java.util.Arrays.copyOfRange(golden.pixelValues(), perImage, 2 * perImage);
        try (ModelDirectory model = ModelDirectory.open(dir);
             OneDnnBackend backend = new OneDnnBackend(2, Precision.FP32);
             VisionTransformer columns = new VisionTransformer(model.config(), model.weights(), backend, 1,
                     VisionTransformer.Schedule.COLUMN_PARTS);
             VisionTransformer rows = new VisionTransformer(model.config(), model.weights(), backend, 1,
                     VisionTransformer.Schedule.ROW_BLOCKS)) {
            ForwardOutput split = columns.forward(image, 1, true);
            ForwardOutput blocks = rows.forward(image, 1, true);
            assertWithin(golden.outputs().get("pooler_output").values(), 1, split.pooler(), 5e-5, "pooler");
            assertEquals(-1, java.util.Arrays.mismatch(split.pooler(), blocks.pooler()), "pooler");
            for (Task t : Task.values()) {
                assertEquals(-1, java.util.Arrays.mismatch(split.logits().get(t), blocks.logits().get(t)), t.key());
            }
            for (int l = 0; l < split.hiddenStates().size(); l++) {
                assertEquals(-1, java.util.Arrays.mismatch(split.hiddenStates().get(l), blocks.hiddenStates().get(l)),
                        "hidden state " + l);
            }
        }
    }

    private static void assertBitsEqual(float[] alone, int aloneIndex, float[] batched, int slot, String what) {
        int n = alone.length;
        float[] expected = java.util.Arrays.copyOfRange(alone, aloneIndex * n, (aloneIndex + 1) * n);
        float[] actual = java.util.Arrays.copyOfRange(batched, slot * n, (slot + 1) * n);
        assertTrue(java.util.Arrays.equals(expected, actual), what + ": batched differs from alone");
    }

    private static void assertWithin(double[] expectedBatch, int image, float[] actual, double tol, String what) {
        double max = 0;
        for (int j = 0; j < actual.length; j++) max = Math.max(max, Math.abs(expectedBatch[image * actual.length + j] - actual[j]));
        assertTrue(max <= tol, what + ": max abs " + max + " > " + tol);
    }

    @Test
    void bf16MeetsTheBf16Criteria() {
        assumeTrue(Bf16Support.probe().available(), () -> "no BF16 here: " + Bf16Support.probe().problem());
        GoldenFile golden = GoldenFile.read(Fixtures.path("vit-l14-seeded/golden.safetensors"));
        try (ModelDirectory model = ModelDirectory.open(dir)) {
            EngineOptions bf16 = new EngineOptions(BackendKind.CPU, Precision.BF16, Runtime.getRuntime().availableProcessors(), true);
            VerifyReport report = Verifier.verify(model, golden, bf16, PrecisionCriteria.FP32_ATOL, PrecisionCriteria.LOGITS_RTOL);
            assertTrue(report.pass(), report.criteria().toString());
            // measured: pooler max abs 1.3e-2, cosine 0.99999; logits max abs 9.3e-3 (docs/BF16.md)
            for (Comparison c : report.comparisons()) assertTrue(c.cosine() >= 0.9999, c.name() + ": cosine " + c.cosine());
        }
    }
}
