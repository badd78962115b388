package dev.vitface.engine;

import dev.vitface.RecordingHandler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vitface.backend.Backend;
import dev.vitface.backend.NativeLoadError;
import dev.vitface.backend.Precision;
import dev.vitface.backend.dnnl.Bf16Support;
import dev.vitface.backend.dnnl.CpuIsa;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** --precision: BF16 where oneDNN has BF16 instructions; elsewhere a logged fallback to FP32, or an error when strict. */
class BackendSelectorPrecisionTest {
    /** What oneDNN reports on an AVX-512 CPU without BF16 (Skylake-X, Ice Lake). */
    private static final Supplier<Bf16Support> NO_BF16 = () -> new Bf16Support(CpuIsa.of(0x67),
            "oneDNN dispatches to avx512_core_vnni on this CPU, which has no BF16 instructions");

    private static final BackendSelector.Bf16Opener NOT_CALLED = (threads, kernels) -> {
        throw new AssertionError("BF16 is not available: its backend must not be opened");
    };

    private final Logger logger = Logger.getLogger(BackendSelector.class.getName());
    private final RecordingHandler capture = new RecordingHandler();
    private final List<LogRecord> records = capture.records();

    @BeforeEach
    void listen() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(capture);
    }

    @Test
    void withoutBf16InstructionsBf16FallsBackToFp32AndSaysWhy() {
        try (Backend backend = BackendSelector.select(BackendKind.CPU, Precision.BF16, false, 1, Workload.FEW_IMAGES, NO_BF16, NOT_CALLED)) {
            assertEquals(Precision.FP32, backend.precision());
            assertEquals("openblas", backend.name());
        }
        LogRecord warning = records.stream().filter(r -> r.getLevel() == Level.WARNING).findFirst().orElseThrow();
        assertTrue(warning.getMessage().contains("bf16 falls back to fp32"), warning.getMessage());
        assertTrue(warning.getMessage().contains("avx512_core_vnni"), warning.getMessage());
    }

    /** Falling back from bf16, auto picks the GEMM an fp32 run of the same workload gets, not always OpenBLAS. */
    @ParameterizedTest(name = "{0} images")
    @CsvSource({"1", "64"})
    void underAutoTheBf16FallbackWeighsTheWorkloadAsFp32Would(long images) {
        Workload workload = Workload.ofImages(images);
        try (Backend backend = BackendSelector.select(BackendKind.AUTO, Precision.BF16, false, 1, workload, NO_BF16, NOT_CALLED)) {
            assertEquals(Precision.FP32, backend.precision());
            assertEquals(fp32BackendName(workload), backend.name());
        }
        try (Backend served = BackendSelector.select(BackendKind.AUTO, Precision.BF16, false, 1, Workload.SERVING,
                NO_BF16, NOT_CALLED)) {
            assertEquals("onednn-fp32", served.name(), "a server's answers must not depend on the batch");
        }
    }

    private static String fp32BackendName(Workload workload) {
        return workload.autoGemm(BackendSelector.openBlasHeldBack()) == Workload.CpuGemm.OPENBLAS ? "openblas" : "onednn-fp32";
    }

    @Test
    void strictPrecisionTurnsTheFallbackIntoAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BackendSelector.select(BackendKind.AUTO, Precision.BF16, true, 1, Workload.FEW_IMAGES, NO_BF16, NOT_CALLED));
        assertTrue(e.getMessage().contains("no BF16 instructions"), e.getMessage());
        assertTrue(e.getMessage().contains("--strict-precision"), e.getMessage());
    }

    @Test
    void theJavaReferenceIsFp32Only() {
        try (Backend backend = BackendSelector.select(BackendKind.JAVA, Precision.BF16, false, 1, Workload.FEW_IMAGES, NO_BF16, NOT_CALLED)) {
            assertEquals("java-reference", backend.name());
            assertEquals(Precision.FP32, backend.precision());
        }
        assertThrows(IllegalStateException.class, () -> BackendSelector.select(BackendKind.JAVA, Precision.BF16, true, 1));
    }

    @Test
    void unknownNamesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Precision.parse("fp16"));
        assertThrows(IllegalArgumentException.class, () -> BackendSelector.select(BackendKind.CPU, Precision.TF32, false, 1));
        assertThrows(IllegalArgumentException.class, () -> BackendKind.parse("gpu"));
        assertThrows(IllegalArgumentException.class, () -> BackendSelector.select(BackendKind.CUDA, Precision.FP32, false, 1));
    }

    @Test
    void onABf16MachineBf16RunsOnOneDnnAndLogsTheIsa() {
        Bf16Support support = Bf16Support.probe();
        assumeTrue(support.available(), () -> "no BF16 here: " + support.problem());
        try (Backend backend = BackendSelector.select(BackendKind.AUTO, Precision.BF16, true, 1)) {
            assertEquals(Precision.BF16, backend.precision());
            assertTrue(backend.description().contains("ISA " + support.isa()), backend.description());
        }
        assertTrue(records.stream().anyMatch(r -> r.getLevel() == Level.INFO
                && r.getMessage().contains("oneDNN ISA " + support.isa())), "the ISA is logged");
    }

    @Test
    void aLibraryThatFailsToLoadIsNamedAsItself() {
        // #13: any LinkageError used to read "OpenBLAS could not be loaded", oneDNN's included.
        Supplier<Bf16Support> bf16 = () -> new Bf16Support(CpuIsa.of(0x67), null);
        BackendSelector.Bf16Opener oneDnnMissing = (threads, kernels) -> {
            throw NativeLoadError.of("oneDNN", new UnsatisfiedLinkError("libdnnl.so.3: cannot open shared object file"));
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BackendSelector.select(BackendKind.CPU, Precision.BF16, true, 1, Workload.FEW_IMAGES, bf16, oneDnnMissing));
        assertTrue(e.getMessage().contains("oneDNN could not be loaded (libdnnl.so.3"), e.getMessage());
        assertTrue(!e.getMessage().contains("OpenBLAS"), e.getMessage());
    }

    @Test
    void aLoadFailureWithoutAMessageIsNamedByItsTypeNotNull() {
        // #13: a LinkageError without a message read "precision bf16 cannot run here: null."
        Supplier<Bf16Support> bf16 = () -> new Bf16Support(CpuIsa.of(0x67), null);
        BackendSelector.Bf16Opener silentFailure = (threads, kernels) -> {
            throw new UnsatisfiedLinkError();
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BackendSelector.select(BackendKind.CPU, Precision.BF16, true, 1, Workload.FEW_IMAGES, bf16, silentFailure));
        assertEquals("precision bf16 cannot run here: UnsatisfiedLinkError. Without --strict-precision it falls back "
                + "to fp32.", e.getMessage());
    }

    @Test
    void tf32FallsBackOnlyThroughAutoAndOnlyWhenNotStrict() {
        try (Backend backend = BackendSelector.select(BackendKind.AUTO, Precision.TF32, false, 1)) {
            assertEquals(Precision.FP32, backend.precision());
        }
        assertTrue(records.stream().anyMatch(r -> r.getMessage().contains("tf32 falls back to fp32")));
        try (Backend served = BackendSelector.select(new EngineOptions(BackendKind.AUTO, Precision.TF32, 1, false,
                Workload.SERVING))) {
            assertEquals("onednn-fp32", served.name(), "the fallback picks the GEMM as fp32 under auto would");
        }
        assertThrows(IllegalArgumentException.class, () -> BackendSelector.select(BackendKind.AUTO, Precision.TF32, true, 1));
        IllegalArgumentException java = assertThrows(IllegalArgumentException.class,
                () -> BackendSelector.select(BackendKind.JAVA, Precision.TF32, false, 1));
        assertTrue(java.getMessage().contains("java reference"), java.getMessage());
    }
}
