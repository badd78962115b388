package dev.vitface.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vitface.backend.dnnl.Bf16Support;
import dev.vitface.backend.dnnl.CpuIsa;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** --precision: BF16 where oneDNN has BF16 instructions; elsewhere a logged fallback to FP32, or an error when strict. */
class BackendSelectorPrecisionTest {
    /** What oneDNN reports on an AVX-512 CPU without BF16 (Skylake-X, Ice Lake). */
    private static final Supplier<Bf16Support> NO_BF16 = () -> new Bf16Support(CpuIsa.of(0x67),
            "oneDNN dispatches to avx512_core_vnni on this CPU, which has no BF16 instructions");

    private final List<LogRecord> records = new ArrayList<>();
    private final Logger logger = Logger.getLogger(BackendSelector.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

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
        try (Backend backend = BackendSelector.select("cpu", Precision.BF16, false, 1, NO_BF16)) {
            assertEquals(Precision.FP32, backend.precision());
            assertEquals("cpu", backend.name());
        }
        LogRecord warning = records.stream().filter(r -> r.getLevel() == Level.WARNING).findFirst().orElseThrow();
        assertTrue(warning.getMessage().contains("bf16 falls back to fp32"), warning.getMessage());
        assertTrue(warning.getMessage().contains("avx512_core_vnni"), warning.getMessage());
    }

    @Test
    void strictPrecisionTurnsTheFallbackIntoAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BackendSelector.select("auto", Precision.BF16, true, 1, NO_BF16));
        assertTrue(e.getMessage().contains("no BF16 instructions"), e.getMessage());
        assertTrue(e.getMessage().contains("--strict-precision"), e.getMessage());
    }

    @Test
    void theJavaReferenceIsFp32Only() {
        try (Backend backend = BackendSelector.select("java", Precision.BF16, false, 1, NO_BF16)) {
            assertEquals("java", backend.name());
            assertEquals(Precision.FP32, backend.precision());
        }
        assertThrows(IllegalStateException.class, () -> BackendSelector.select("java", Precision.BF16, true, 1));
    }

    @Test
    void unknownNamesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Precision.parse("fp16"));
        assertThrows(IllegalArgumentException.class, () -> BackendSelector.select("cpu", Precision.TF32, false, 1));
        assertThrows(IllegalArgumentException.class, () -> BackendSelector.select("gpu", Precision.BF16, false, 1));
    }

    @Test
    void onABf16MachineBf16RunsOnOneDnnAndLogsTheIsa() {
        Bf16Support support = Bf16Support.probe();
        assumeTrue(support.available(), () -> "no BF16 here: " + support.problem());
        try (Backend backend = BackendSelector.select("auto", Precision.BF16, true, 1)) {
            assertEquals(Precision.BF16, backend.precision());
            assertTrue(backend.description().contains("ISA " + support.isa()), backend.description());
        }
        assertTrue(records.stream().anyMatch(r -> r.getLevel() == Level.INFO
                && r.getMessage().contains("oneDNN ISA " + support.isa())), "the ISA is logged");
    }
}
