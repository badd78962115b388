package dev.vitface.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.vitface.Fixtures;
import dev.vitface.backend.Backend;
import dev.vitface.backend.JavaReferenceBackend;
import dev.vitface.backend.Precision;
import dev.vitface.backend.cpu.OpenBlasBackend;
import dev.vitface.backend.cuda.CudaAvailability;
import dev.vitface.backend.dnnl.Bf16Support;
import dev.vitface.backend.dnnl.OneDnnBackend;
import dev.vitface.forward.cpu.VisionTransformer;
import dev.vitface.forward.cpu.VisionTransformer.Schedule;
import dev.vitface.forward.cuda.CudaForwardPass;
import dev.vitface.model.ClipVisionWeights;
import dev.vitface.model.ModelDirectory;
import dev.vitface.model.Task;
import dev.vitface.verify.GoldenFile;
import dev.vitface.verify.PrecisionCriteria;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link ForwardPass} contract, run against every pass this machine has on the tiny model:
 * java, cpu with both schedules, fp32 on oneDNN, bf16 where the CPU has BF16 instructions, cuda
 * (fp32 and bf16) where a GPU is usable. Each must match the golden file (judged as its precision is judged),
 * give every image of a batch what it gives that image alone, give the same outputs with the
 * CLS-only last layer (no hidden states) as with the full one, and refuse bad input with the
 * same exception and message as every other pass.
 */
class ForwardPassContractTest {
    private static ModelDirectory model;
    private static GoldenFile golden;
    private static int perImage;

    /**
     * One kind of pass.
     *
     * @param tolerance max abs difference allowed between two runs of this pass (batch vs alone,
     *                  CLS-only vs full): other row counts may take other kernel edges
     * @param atol      the golden bound for fp32 (the GPU's is the CLI's 1e-4, the CPU's 1e-5)
     */
    record Kind(String name, Precision precision, double tolerance, double atol, IntFunction<ForwardPass> open) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void load() {
        model = ModelDirectory.open(Fixtures.tinyModel());
        golden = GoldenFile.read(Fixtures.path("tiny/golden.safetensors"));
        perImage = golden.pixelValues().length / golden.images();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static Stream<Kind> passesHere() {
        List<Kind> kinds = new ArrayList<>();
        kinds.add(new Kind("java", Precision.FP32, 0, 1e-5, b -> cpu(() -> new JavaReferenceBackend(2), b, Schedule.BY_BATCH_SIZE)));
        kinds.add(new Kind("cpu row blocks", Precision.FP32, 1e-6, 1e-5, b -> cpu(() -> new OpenBlasBackend(2), b, Schedule.ROW_BLOCKS)));
        kinds.add(new Kind("cpu feature-major", Precision.FP32, 1e-6, 1e-5,
                b -> cpu(() -> new OpenBlasBackend(2), b, Schedule.FEATURE_MAJOR)));
        kinds.add(new Kind("cpu onednn fp32", Precision.FP32, 1e-6, 1e-5,
                b -> cpu(() -> new OneDnnBackend(2, Precision.FP32), b, Schedule.BY_BATCH_SIZE)));
        if (Bf16Support.probe().available()) {
            kinds.add(new Kind("cpu bf16", Precision.BF16, 1e-2, 1e-5, b -> cpu(() -> new OneDnnBackend(2, Precision.BF16), b,
                    Schedule.BY_BATCH_SIZE)));
        }
        if (CudaAvailability.probe().available()) {
            kinds.add(new Kind("cuda fp32", Precision.FP32, 1e-5, PrecisionCriteria.FP32_ATOL,
                    b -> CudaForwardPass.open(model.config(), model.weights(), b, Precision.FP32)));
            kinds.add(new Kind("cuda bf16", Precision.BF16, 1e-2, PrecisionCriteria.FP32_ATOL,
                    b -> CudaForwardPass.open(model.config(), model.weights(), b, Precision.BF16)));
        }
        return kinds.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("passesHere")
    void matchesTheTinyGoldenFile(Kind kind) {
        try (ForwardPass pass = kind.open().apply(golden.images())) {
            ForwardOutput out = pass.forward(golden.pixelValues(), golden.images(), true);
            List<String> failed = PrecisionCriteria.evaluate(kind.precision(), golden, out, kind.atol(), PrecisionCriteria.LOGITS_RTOL)
                    .stream().filter(c -> !c.pass()).map(c -> c.name() + " " + c.measured() + " (" + c.bound() + ")").toList();
            assertEquals(List.of(), failed, kind.name());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("passesHere")
    void aBatchGivesEachImageWhatItGetsAlone(Kind kind) {
        try (ForwardPass pass = kind.open().apply(golden.images())) {
            ForwardOutput batch = pass.forward(golden.pixelValues(), golden.images(), false);
            for (int i = 0; i < golden.images(); i++) {
                ForwardOutput alone = pass.forward(image(i), 1, false);
                assertClose(alone, batch, i, kind.tolerance(), kind.name() + ", image " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("passesHere")
    void theClsOnlyLastLayerGivesWhatTheFullOneGives(Kind kind) {
        try (ForwardPass pass = kind.open().apply(golden.images())) {
            for (int batch : new int[] {golden.images(), 1}) {
                float[] pixels = Arrays.copyOf(golden.pixelValues(), batch * perImage);
                ForwardOutput full = pass.forward(pixels, batch, true);
                ForwardOutput clsOnly = pass.forward(pixels, batch, false);
                assertEquals(List.of(), clsOnly.hiddenStates());
                for (int i = 0; i < batch; i++) assertClose(full, clsOnly, i, kind.tolerance(), kind.name() + ", batch " + batch);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("passesHere")
    void badInputIsRefusedAsEveryOtherPassRefusesIt(Kind kind) {
        assertEquals(refusals(javaReference()), refusals(kind.open()), kind.name());
    }

    @Test
    void aScheduleTheBackendCannotRunIsRefusedByName() {
        // OpenBLAS's linears do not split into column parts; the tiny model's 64 features are one
        // block of oneDNN's layout, too few to split in two (SeededViTL14Test runs the split).
        for (Supplier<Backend> backend : List.<Supplier<Backend>>of(() -> new OpenBlasBackend(2),
                () -> new OneDnnBackend(2, Precision.FP32))) {
            String refusal = message(() -> cpu(backend, 1, Schedule.COLUMN_PARTS));
            assertTrue(refusal.startsWith("IllegalArgumentException: ") && refusal.contains("cannot split its products"),
                    refusal);
        }
        String refusal = message(() -> cpu(() -> new OneDnnBackend(2, Precision.FP32), 1, Schedule.FEATURE_MAJOR));
        assertTrue(refusal.contains("onednn-fp32 cannot run the feature-major schedule"), refusal);
    }

    @Test
    void theCudaPassRefusesBadModelsAsTheCpuPassDoesWithOrWithoutAGpu() {
        // These are checked before CUDA is looked for, so they hold on any machine.
        IntFunction<ForwardPass> cuda = b -> CudaForwardPass.open(model.config(), model.weights(), b, Precision.FP32);
        assertEquals(message(() -> javaReference().apply(0)), message(() -> cuda.apply(0)));
        ClipVisionWeights w = model.weights();
        ClipVisionWeights shortPosition = new ClipVisionWeights(w.patchEmbedding(), w.classEmbedding(),
                w.positionEmbedding().asSlice(0, w.positionEmbedding().byteSize() - Float.BYTES), w.preLayrnorm(), w.layers(),
                w.postLayernorm(), w.heads());
        String cpuRefusal = message(() -> cpu(() -> new JavaReferenceBackend(1), 1, Schedule.BY_BATCH_SIZE, shortPosition));
        assertTrue(cpuRefusal.contains("embeddings.position_embedding.weight"), cpuRefusal);
        assertEquals(cpuRefusal, message(() -> CudaForwardPass.open(model.config(), shortPosition, 1, Precision.FP32)));
    }

    /** What each kind of bad input makes the pass throw, as "Class: message" lines. */
    private static List<String> refusals(IntFunction<ForwardPass> open) {
        List<String> seen = new ArrayList<>();
        try (ForwardPass pass = open.apply(2)) {
            seen.add(message(() -> pass.forward(new float[0], 0, false)));
            seen.add(message(() -> pass.forward(new float[3 * perImage], 3, false)));
            seen.add(message(() -> pass.forward(new float[perImage + 1], 1, false)));
            seen.add(message(() -> pass.forward(null, 1, false)));
            pass.close();
            seen.add(message(() -> pass.forward(new float[perImage], 1, false)));
        }
        return seen;
    }

    private static String message(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return fail("no exception");
    }

    private static IntFunction<ForwardPass> javaReference() {
        return b -> cpu(() -> new JavaReferenceBackend(1), b, Schedule.BY_BATCH_SIZE);
    }

    private static ForwardPass cpu(Supplier<Backend> backend, int maxBatch, Schedule schedule) {
        return cpu(backend, maxBatch, schedule, model.weights());
    }

    /** A CPU pass that owns its backend, as {@code Engine} does. */
    private static ForwardPass cpu(Supplier<Backend> newBackend, int maxBatch, Schedule schedule, ClipVisionWeights weights) {
        Backend backend = newBackend.get();
        VisionTransformer pass;
        try {
            pass = new VisionTransformer(model.config(), weights, backend, maxBatch, schedule);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
        return new ForwardPass() {
            @Override
            public int maxBatch() {
                return pass.maxBatch();
            }

            @Override
            public ForwardOutput forward(float[] pixelValues, int batch, boolean keepHiddenStates) {
                return pass.forward(pixelValues, batch, keepHiddenStates);
            }

            @Override
            public void close() {
                pass.close();
                backend.close();
            }
        };
    }

    private static float[] image(int i) {
        return Arrays.copyOfRange(golden.pixelValues(), i * perImage, (i + 1) * perImage);
    }

    /** Image {@code i} of {@code batch} against image 0 of {@code alone}, or image i of both when they are the same size. */
    private static void assertClose(ForwardOutput a, ForwardOutput b, int i, double tol, String what) {
        int ai = a.batch() == 1 ? 0 : i;
        assertMaxAbs(slice(a.pooler(), ai, a.batch()), slice(b.pooler(), i, b.batch()), tol, what + ", pooler");
        for (Task t : Task.values()) {
            float[] la = a.logits().get(t);
            float[] lb = b.logits().get(t);
            if (la == null && lb == null) continue;
            assertMaxAbs(slice(la, ai, a.batch()), slice(lb, i, b.batch()), tol, what + ", logits " + t.key());
        }
    }

    private static float[] slice(float[] batched, int image, int images) {
        int per = batched.length / images;
        return Arrays.copyOfRange(batched, image * per, (image + 1) * per);
    }

    private static void assertMaxAbs(float[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double max = 0;
        for (int i = 0; i < expected.length; i++) max = Math.max(max, Math.abs((double) expected[i] - actual[i]));
        assertTrue(max <= tol, what + ": max abs " + max + " > " + tol);
    }
}
