package dev.vitface.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.backend.Backend;
import dev.vitface.backend.Precision;
import dev.vitface.backend.cpu.CoreTypeOverride;
import dev.vitface.backend.cpu.OpenBlas;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How {@code auto} picks the CPU GEMM by what the run will do ({@link Workload}). */
class WorkloadTest {

    @ParameterizedTest(name = "{0} images, OpenBLAS held back {1}: {2}")
    @CsvSource({"1, false, OPENBLAS", "63, false, OPENBLAS", "64, false, ONEDNN_REORDERED",
            "1, true, ONEDNN_IN_PLACE", "31, true, ONEDNN_IN_PLACE", "32, true, ONEDNN_REORDERED",
            "9223372036854775807, false, ONEDNN_REORDERED", "9223372036854775807, true, ONEDNN_REORDERED"})
    void autoWeighsTheImagesAgainstOneDnnsStartUp(long images, boolean heldBack, Workload.CpuGemm expected) {
        assertEquals(expected, Workload.ofImages(images).autoGemm(heldBack));
    }

    @Test
    void onlyAShortRunSkipsTheVectorKernelsWarmUp() {
        assertTrue(Workload.ofImages(1).isShortRun());
        assertTrue(Workload.ofImages(Workload.SHORT_RUN_IMAGES).isShortRun());
        assertEquals(false, Workload.ofImages(Workload.SHORT_RUN_IMAGES + 1).isShortRun());
        assertEquals(false, Workload.FEW_IMAGES.isShortRun(), "a run that does not say may go on to many");
        assertEquals(false, Workload.SERVING.isShortRun());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"CPU, FP32", "ONEDNN, FP32", "AUTO, BF16"})
    void aShortRunTakesTheKernelsWithoutWarmUpOnEveryCpuBackend(BackendKind kind, Precision precision) {
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
    void aLogLineNamesTheRunAsItWasStated() {
        assertEquals("1 image", Workload.ofImages(1).describe());
        assertEquals("40 images", Workload.ofImages(40).describe());
        assertEquals("9 images", Workload.ofImages(Workload.FEW_IMAGES.images()).describe(), "a run that said 9");
        assertEquals("a run that did not say how many images (taken as a few)", Workload.FEW_IMAGES.describe());
        assertEquals("a long run", Workload.OPEN_ENDED.describe());
        assertEquals("a server", Workload.SERVING.describe());
        assertTrue(!Workload.FEW_IMAGES.equals(Workload.ofImages(Workload.FEW_IMAGES.images())), "a guess is not a statement");
    }

    @Test
    void onlyTheFewImagesGuessLeavesTheCountUnstated() {
        assertEquals(Workload.FEW_IMAGES, new Workload(Workload.SHORT_RUN_IMAGES + 1, false, false));
        assertThrows(IllegalArgumentException.class, () -> new Workload(5, false, false));
        assertThrows(IllegalArgumentException.class, () -> new Workload(Long.MAX_VALUE, true, false));
    }

    @Test
    void aServerAlwaysTakesOneDnnReLaidOut() {
        assertEquals(Workload.CpuGemm.ONEDNN_REORDERED, Workload.SERVING.autoGemm(false));
        assertEquals(Workload.CpuGemm.ONEDNN_REORDERED, Workload.SERVING.autoGemm(true));
    }

    /** What this machine's OpenBLAS core (OPENBLAS_CORETYPE as the environment sets it) makes auto take, opened. */
    @ParameterizedTest(name = "{0} images")
    @CsvSource({"1", "64"})
    void autoOpensTheGemmTheWorkloadNames(long images) {
        boolean heldBack = CoreTypeOverride.process().check(OpenBlas.load().coreName()).isPresent();
        Workload workload = Workload.ofImages(images);
        EngineOptions options = new EngineOptions(BackendKind.AUTO, Precision.FP32, 1, false, workload);
        try (Backend backend = BackendSelector.select(options)) {
            switch (workload.autoGemm(heldBack)) {
                case OPENBLAS -> assertEquals("openblas", backend.name());
                case ONEDNN_IN_PLACE -> {
                    assertEquals("onednn-fp32", backend.name());
                    assertTrue(backend.description().contains("weights read in place"), backend.description());
                }
                case ONEDNN_REORDERED -> {
                    assertEquals("onednn-fp32", backend.name());
                    assertTrue(backend.description().contains("weights re-laid out at load"), backend.description());
                }
            }
        }
    }

    /** gemmFor restates select's choice for the preload; the two must name the same library. */
    @ParameterizedTest(name = "{0} {1}, {2} images")
    @CsvSource({"AUTO, FP32, 1", "AUTO, FP32, 64", "AUTO, BF16, 1", "CPU, FP32, 1", "CPU, BF16, 1",
            "ONEDNN, FP32, 1", "ONEDNN, BF16, 64", "AUTO, TF32, 1", "AUTO, TF32, 64"})
    void thePreloadLoadsTheLibrarySelectOpens(BackendKind kind, Precision precision, long images) {
        if (precision == Precision.BF16) {
            Assumptions.assumeTrue(dev.vitface.backend.dnnl.Bf16Support.probe().available(), "no BF16 here: it falls back");
        }
        EngineOptions options = new EngineOptions(kind, precision, 1, false, Workload.ofImages(images));
        BackendSelector.NativeGemm preloaded = BackendSelector.gemmFor(options, BackendSelector::openBlasHeldBack);
        try (Backend backend = BackendSelector.select(options)) {
            BackendSelector.NativeGemm opened = backend.name().startsWith("onednn")
                    ? BackendSelector.NativeGemm.ONEDNN : BackendSelector.NativeGemm.OPENBLAS;
            assertEquals(opened, preloaded, backend.name());
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
