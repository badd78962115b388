package dev.vitface.forward.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.Fixtures;
import dev.vitface.backend.Precision;
import dev.vitface.backend.cuda.CublasPrecision;
import dev.vitface.backend.cuda.CudaAvailability;
import dev.vitface.backend.cuda.CudaUnavailableException;
import dev.vitface.forward.ForwardInput;
import dev.vitface.model.ClipVisionWeights;
import dev.vitface.model.EncoderLayerWeights;
import dev.vitface.model.LinearWeights;
import dev.vitface.model.ModelDirectory;
import dev.vitface.model.Task;
import dev.vitface.model.VisionConfig;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@link CudaForwardPass} checks before any native call — arguments, weight shapes, input —
 * and how it refuses to open where there is no GPU. Uses the tiny fixture model.
 */
class CudaForwardPassArgumentsTest {
    private static ModelDirectory tiny;

    @BeforeAll
    static void open() {
        tiny = ModelDirectory.open(Fixtures.tinyModel());
    }

    @AfterAll
    static void close() {
        tiny.close();
    }

    @Test
    void inputChecksAreTheSharedOnes() {
        VisionConfig c = tiny.config(); // 3 x 56 x 56
        int perImage = 3 * 56 * 56;
        ForwardInput.check(c, 4, new float[2 * perImage], 2);
        assertEquals("batch 0 outside 1..4",
                assertThrows(IllegalArgumentException.class, () -> ForwardInput.check(c, 4, new float[0], 0)).getMessage());
        assertEquals("batch 5 outside 1..4", assertThrows(IllegalArgumentException.class,
                () -> ForwardInput.check(c, 4, new float[5 * perImage], 5)).getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ForwardInput.check(c, 4, new float[perImage + 1], 1));
        assertEquals("pixel values hold 9409 floats; a batch of 1 needs 9408 ([1, 3, 56, 56])", e.getMessage());
        assertThrows(NullPointerException.class, () -> ForwardInput.check(c, 4, null, 1));
    }

    @Test
    void badMaxBatchIsRefusedBeforeLookingForAGpu() {
        assertThrows(IllegalArgumentException.class,
                () -> CudaForwardPass.open(tiny.config(), tiny.weights(), 0, Precision.FP32));
        assertThrows(NullPointerException.class, () -> CudaForwardPass.open(tiny.config(), tiny.weights(), 1, null));
    }

    @Test
    void theTinyModelsWeightsPassValidation() {
        DeviceWeights.validate(tiny.config(), tiny.weights());
        long parameters = 0;
        ClipVisionWeights w = tiny.weights();
        parameters += w.patchEmbedding().byteSize() + w.classEmbedding().byteSize() + w.positionEmbedding().byteSize();
        assertTrue(DeviceWeights.deviceBytes(tiny.config(), w, CublasPrecision.of(Precision.FP32)) > parameters);
        // bf16 adds a 2-byte copy of each GEMM weight: patch [64, 588], 2 layers x (4 x [64, 64] + [256, 64] + [64, 256]).
        long gemmWeights = 64L * 588 + 2L * (4 * 64 * 64 + 2 * 256 * 64);
        assertEquals(2 * gemmWeights, DeviceWeights.deviceBytes(tiny.config(), w, CublasPrecision.of(Precision.BF16))
                - DeviceWeights.deviceBytes(tiny.config(), w, CublasPrecision.of(Precision.FP32)));
    }

    @Test
    void weightsThatDoNotMatchTheConfigAreRefusedNamingTheTensor() {
        ClipVisionWeights w = tiny.weights();
        List<EncoderLayerWeights> layers = new ArrayList<>(w.layers());
        EncoderLayerWeights l = layers.get(1);
        LinearWeights shortFc1 = new LinearWeights(l.fc1().weight().asSlice(0, l.fc1().weight().byteSize() - 4), l.fc1().bias(),
                l.fc1().out(), l.fc1().in());
        layers.set(1, new EncoderLayerWeights(l.layerNorm1(), l.qProj(), l.kProj(), l.vProj(), l.outProj(), l.layerNorm2(),
                shortFc1, l.fc2()));
        ClipVisionWeights broken = new ClipVisionWeights(w.patchEmbedding(), w.classEmbedding(), w.positionEmbedding(),
                w.preLayrnorm(), layers, w.postLayernorm(), w.heads());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CudaForwardPass.open(tiny.config(), broken, 1, Precision.FP32));
        assertTrue(e.getMessage().startsWith("encoder.layers.1.mlp.fc1.weight: expected 16384 F32 values"), e.getMessage());
    }

    @Test
    void heapWeightsAreRefused() {
        ClipVisionWeights w = tiny.weights();
        ClipVisionWeights onHeap = new ClipVisionWeights(w.patchEmbedding(), MemorySegment.ofArray(new float[64]),
                w.positionEmbedding(), w.preLayrnorm(), w.layers(), w.postLayernorm(), w.heads());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceWeights.validate(tiny.config(), onHeap));
        assertTrue(e.getMessage().contains("class_embedding"), e.getMessage());
    }

    @Test
    void aModelWithoutHeadsIsRefused() {
        ClipVisionWeights w = tiny.weights();
        ClipVisionWeights headless = new ClipVisionWeights(w.patchEmbedding(), w.classEmbedding(), w.positionEmbedding(),
                w.preLayrnorm(), w.layers(), w.postLayernorm(), Map.<Task, LinearWeights>of());
        assertThrows(IllegalArgumentException.class, () -> CudaForwardPass.open(tiny.config(), headless, 1, Precision.FP32));
    }

    @Test
    void withoutAGpuOpeningIsAClearErrorNotACrash() {
        CudaAvailability a = CudaAvailability.probe();
        Assumptions.assumeFalse(a.available(), "a GPU is available here: the refusal path is not reachable");
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class,
                () -> CudaForwardPass.open(tiny.config(), tiny.weights(), 2, Precision.BF16));
        assertEquals("CUDA backend unavailable: " + a.reason(), e.getMessage());
    }
}
