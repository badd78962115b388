package dev.vitface.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.Fixtures;
import dev.vitface.backend.Precision;
import dev.vitface.backend.cuda.CudaAvailability;
import dev.vitface.backend.cuda.CudaUnavailableException;
import dev.vitface.model.ModelDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Backend selection on a machine without a GPU (CI's kind): auto falls back, cuda refuses clearly. */
class EngineTest {
    private static ModelDirectory model;

    @BeforeAll
    static void load() {
        model = ModelDirectory.open(Fixtures.tinyModel());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static Engine open(String backend, Precision precision) {
        return Engine.open(model.config(), model.weights(), new EngineOptions(backend, precision, 2), 2);
    }

    @Test
    void autoRunsOnTheCpuWhenNoGpuIsUsable() {
        Assumptions.assumeFalse(CudaAvailability.probe().available(), "this machine has a usable GPU");
        try (Engine engine = open("auto", Precision.FP32)) {
            assertEquals("cpu", engine.backendName());
            assertTrue(engine.description().contains("OpenBLAS"), engine.description());
        }
    }

    @Test
    void preloadingReturnsAtOnceAndLeavesOpeningToOpen() {
        for (String backend : new String[] {"auto", "cpu", "cuda", "java"}) {
            Engine.preloadInBackground(new EngineOptions(backend, Precision.FP32, 2));
        }
        try (Engine engine = open("cpu", Precision.FP32)) {
            assertEquals("cpu", engine.backendName());
        }
    }

    @Test
    void cudaWithoutAGpuIsAClearErrorNotACrash() {
        Assumptions.assumeFalse(CudaAvailability.probe().available(), "this machine has a usable GPU");
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class, () -> open("cuda", Precision.FP32));
        assertTrue(e.getMessage().length() > 10, e.getMessage());
    }

    @Test
    void gpuOnlyPrecisionsAreRefusedOnTheCpu() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> open("cpu", Precision.TF32));
        assertTrue(e.getMessage().contains("tf32"), e.getMessage());
        // bf16 on the java reference falls back to fp32 (logged), or fails when strict.
        try (Engine engine = open("java", Precision.BF16)) {
            assertEquals(Precision.FP32, engine.precision());
        }
        assertThrows(IllegalStateException.class, () -> Engine.open(model.config(), model.weights(),
                new EngineOptions("java", Precision.BF16, 2, true), 2));
    }

    @Test
    void optionsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new EngineOptions("gpu", Precision.FP32, 1));
        assertThrows(IllegalArgumentException.class, () -> new EngineOptions("cpu", Precision.FP32, 0));
        assertEquals(Precision.BF16, Precision.parse(" BF16 "));
        assertThrows(IllegalArgumentException.class, () -> Precision.parse("fp8"));
    }
}
