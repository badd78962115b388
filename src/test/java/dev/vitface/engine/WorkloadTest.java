package dev.vitface.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vitface.backend.Backend;
import dev.vitface.backend.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How {@code auto} picks the CPU GEMM by what the run will do ({@link Workload}). */
class WorkloadTest {

    @ParameterizedTest(name = "{0} images: {1}")
    @CsvSource({"1, FEW_IMAGES", "63, FEW_IMAGES", "64, MANY_IMAGES", "100000, MANY_IMAGES"})
    void imageCountsFromSixtyFourOnAreMany(long images, Workload expected) {
        assertEquals(expected, Workload.ofImages(images));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"FEW_IMAGES, openblas", "MANY_IMAGES, onednn-fp32", "SERVING, onednn-fp32"})
    void autoTakesOpenBlasForAFewImagesAndOneDnnOtherwise(Workload workload, String expected) {
        EngineOptions options = new EngineOptions(BackendKind.AUTO, Precision.FP32, 1, false, workload);
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
