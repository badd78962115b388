package dev.vitface.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.backend.Backend;
import dev.vitface.backend.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How {@code auto} picks the CPU GEMM by what the run will do ({@link Workload}). */
class WorkloadTest {

    @ParameterizedTest(name = "{0} images, OpenBLAS held back {1}: oneDNN {2}")
    @CsvSource({"1, false, false", "63, false, false", "64, false, true", "7, true, false", "8, true, true",
            "9223372036854775807, false, true"})
    void oneDnnPaysForItselfFromEnoughImages(long images, boolean heldBack, boolean oneDnn) {
        assertEquals(oneDnn, Workload.ofImages(images).prefersOneDnn(heldBack));
    }

    @Test
    void onlyARunOfOneImageSkipsTheVectorKernelsWarmUp() {
        assertTrue(Workload.ofImages(1).isOneImage());
        assertEquals(false, Workload.ofImages(2).isOneImage());
        assertEquals(false, Workload.FEW_IMAGES.isOneImage(), "a run that does not say may go on to many");
        assertEquals(false, Workload.SERVING.isOneImage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"CPU, FP32", "ONEDNN, FP32", "AUTO, BF16"})
    void aOneImageRunTakesTheKernelsWithoutWarmUpOnEveryCpuBackend(BackendKind kind, Precision precision) {
        EngineOptions one = new EngineOptions(kind, precision, 1, false, Workload.ofImages(1));
        try (Backend backend = BackendSelector.select(one)) {
            assertTrue(backend.description().contains("lane("), backend.description());
        }
        EngineOptions few = new EngineOptions(kind, precision, 1, false, Workload.FEW_IMAGES);
        try (Backend backend = BackendSelector.select(few)) {
            assertTrue(backend.description().contains("vector("), backend.description());
        }
    }

    @Test
    void aServerAlwaysTakesOneDnn() {
        assertTrue(Workload.SERVING.prefersOneDnn(false));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"1, openblas", "64, onednn-fp32"})
    void autoTakesOpenBlasForAFewImagesAndOneDnnForMany(long images, String expected) {
        EngineOptions options = new EngineOptions(BackendKind.AUTO, Precision.FP32, 1, false, Workload.ofImages(images));
        try (Backend backend = BackendSelector.select(options)) {
            assertEquals(expected, backend.name());
        }
    }

    @Test
    void aNamedBackendIgnoresTheWorkload() {
        EngineOptions options = new EngineOptions(BackendKind.CPU, Precision.FP32, 1, false, Workload.SERVING);
        try (Backend backend = BackendSelector.select(options)) {
            assertEquals("openblas", backend.name());
        }
    }

    @Test
    void bf16GoesToOneDnnWhateverTheWorkload() {
        EngineOptions options = new EngineOptions(BackendKind.AUTO, Precision.BF16, 1, false, Workload.FEW_IMAGES);
        try (Backend backend = BackendSelector.select(options)) {
            assertEquals(dev.vitface.backend.dnnl.Bf16Support.probe().available() ? "onednn-bf16" : "openblas", backend.name());
        }
    }
}
