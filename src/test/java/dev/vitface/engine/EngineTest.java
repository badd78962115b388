package dev.vitface.engine;

import dev.vitface.RecordingHandler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.Fixtures;
import dev.vitface.backend.Precision;
import dev.vitface.backend.cuda.CudaAvailability;
import dev.vitface.backend.cuda.CudaUnavailableException;
import dev.vitface.model.ModelDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
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

    private static Engine open(BackendKind backend, Precision precision) {
        return Engine.open(model.config(), model.weights(), new EngineOptions(backend, precision, 2), 2);
    }

    @Test
    void autoRunsOnTheCpuWhenNoGpuIsUsable() {
        Assumptions.assumeFalse(CudaAvailability.probe().available(), "this machine has a usable GPU");
        try (Engine engine = open(BackendKind.AUTO, Precision.FP32)) {
            // OpenBLAS, or oneDNN where OPENBLAS_CORETYPE holds OpenBLAS back (Workload.autoGemm)
            assertTrue(engine.backendName().equals("cpu") || engine.backendName().equals("onednn"), engine.backendName());
            String gemm = engine.backendName().equals("cpu") ? "OpenBLAS sgemm" : "oneDNN F32 matmul for attention and heads";
            assertTrue(engine.description().contains(gemm), engine.description());
        }
    }

    @Test
    void onednnRunsTheFp32LinearsOnOneDnnAndCpuStaysOnOpenBlas() {
        try (Engine engine = open(BackendKind.ONEDNN, Precision.FP32)) {
            assertEquals("onednn", engine.backendName());
            assertEquals(Precision.FP32, engine.precision());
            assertTrue(engine.description().startsWith("oneDNN") && engine.description().contains("FP32 matmul"),
                    engine.description());
        }
        try (Engine engine = open(BackendKind.CPU, Precision.FP32)) {
            assertTrue(engine.description().startsWith("OpenBLAS sgemm"), engine.description());
        }
    }

    @Test
    void preloadingReturnsAtOnceAndLeavesOpeningToOpen() {
        for (BackendKind backend : BackendKind.values()) {
            Engine.preloadInBackground(new EngineOptions(backend, Precision.FP32, 2));
        }
        try (Engine engine = open(BackendKind.CPU, Precision.FP32)) {
            assertEquals("cpu", engine.backendName());
        }
    }

    @Test
    void cudaWithoutAGpuIsAClearErrorNotACrash() {
        Assumptions.assumeFalse(CudaAvailability.probe().available(), "this machine has a usable GPU");
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class, () -> open(BackendKind.CUDA, Precision.FP32));
        assertTrue(e.getMessage().length() > 10, e.getMessage());
    }

    @Test
    void gpuOnlyPrecisionsAreRefusedOnTheCpu() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> open(BackendKind.CPU, Precision.TF32));
        assertTrue(e.getMessage().contains("tf32"), e.getMessage());
        // bf16 on the java reference falls back to fp32 (logged), or fails when strict.
        try (Engine engine = open(BackendKind.JAVA, Precision.BF16)) {
            assertEquals(Precision.FP32, engine.precision());
        }
        assertThrows(IllegalStateException.class, () -> Engine.open(model.config(), model.weights(),
                new EngineOptions(BackendKind.JAVA, Precision.BF16, 2, true), 2));
    }

    @Test
    void optionsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> BackendKind.parse("gpu"));
        assertThrows(IllegalArgumentException.class, () -> new EngineOptions(BackendKind.CPU, Precision.FP32, 0));
        assertEquals(BackendKind.CUDA, BackendKind.parse(" CUDA "));
        assertEquals(List.of("auto", "cpu", "onednn", "cuda", "java"), BackendKind.NAMES);
        assertEquals(Precision.BF16, Precision.parse(" BF16 "));
        assertThrows(IllegalArgumentException.class, () -> Precision.parse("fp8"));
    }

    @Test
    void aFailedPreloadLeavesAFineLogLine() {
        // #13: the background load's failure used to vanish without a trace.
        Logger logger = Logger.getLogger(Engine.class.getName());
        RecordingHandler capture = new RecordingHandler();
        List<LogRecord> records = capture.records();
        Level before = logger.getLevel();
        logger.setLevel(Level.FINE);
        logger.addHandler(capture);
        try {
            Runnable task = Engine.preloadTask(new EngineOptions(BackendKind.CPU, Precision.FP32, 2),
                    new RecordedLoads(false, false) {
                        @Override
                        public void loadOpenBlas() {
                            throw new UnsatisfiedLinkError("libopenblas.so: cannot open shared object file");
                        }
                    });
            task.run();
        } finally {
            logger.removeHandler(capture);
            logger.setLevel(before);
        }
        LogRecord r = records.stream().filter(x -> x.getLevel() == Level.FINE).findFirst().orElseThrow();
        assertTrue(r.getMessage().contains("libopenblas.so"), r.getMessage());
        assertTrue(r.getThrown() instanceof UnsatisfiedLinkError);
        assertEquals(null, Engine.preloadTask(new EngineOptions(BackendKind.JAVA, Precision.FP32, 2),
                new RecordedLoads(false, false)), "java loads nothing");
    }

    @Test
    void preloadingLoadsTheLibraryTheSelectorWillOpen() {
        assertEquals(List.of("cuda?", "held back?", "openblas"), preloaded(BackendKind.AUTO, Precision.FP32, Workload.ofImages(1), false, false));
        // OPENBLAS_CORETYPE holding OpenBLAS back: auto takes oneDNN for every run (Workload.autoGemm)
        assertEquals(List.of("cuda?", "held back?", "onednn"),
                preloaded(BackendKind.AUTO, Precision.FP32, Workload.ofImages(1), false, true));
        assertEquals(List.of("cuda?", "held back?", "onednn"),
                preloaded(BackendKind.AUTO, Precision.FP32, Workload.SERVING, false, false));
        assertEquals(List.of("cuda?", "onednn"), preloaded(BackendKind.AUTO, Precision.BF16, Workload.ofImages(1), false, false));
        assertEquals(List.of("cuda?"), preloaded(BackendKind.AUTO, Precision.FP32, Workload.ofImages(1), true, false));
        assertEquals(List.of("cuda?"), preloaded(BackendKind.CUDA, Precision.FP32, Workload.ofImages(1), false, false));
        assertEquals(List.of("openblas"), preloaded(BackendKind.CPU, Precision.FP32, Workload.OPEN_ENDED, false, true));
        assertEquals(List.of("onednn"), preloaded(BackendKind.CPU, Precision.BF16, Workload.ofImages(1), false, false));
        assertEquals(List.of("onednn"), preloaded(BackendKind.ONEDNN, Precision.FP32, Workload.ofImages(1), false, false));
    }

    private static List<String> preloaded(BackendKind kind, Precision precision, Workload workload, boolean gpu, boolean heldBack) {
        RecordedLoads loads = new RecordedLoads(gpu, heldBack);
        Engine.preloadTask(new EngineOptions(kind, precision, 2, false, workload), loads).run();
        return loads.calls;
    }

    /** Native loads that only record what was asked, in order. */
    private static class RecordedLoads implements Engine.NativeLoads {
        final List<String> calls = new ArrayList<>();
        private final boolean gpu;
        private final boolean heldBack;

        RecordedLoads(boolean gpu, boolean heldBack) {
            this.gpu = gpu;
            this.heldBack = heldBack;
        }

        @Override
        public boolean cudaAvailable() {
            calls.add("cuda?");
            return gpu;
        }

        @Override
        public boolean openBlasHeldBack() {
            calls.add("held back?");
            return heldBack;
        }

        @Override
        public void loadOpenBlas() {
            calls.add("openblas");
        }

        @Override
        public void loadOneDnn() {
            calls.add("onednn");
        }
    }
}
