package dev.vitface.backend.cpu;

import dev.vitface.RecordingHandler;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** OPENBLAS_CORETYPE forcing older kernels is named once, with its cost and the way back; never changed. */
class CoreTypeOverrideTest {
    /** The flags of the Zen 5 of issue #17 that matter here. */
    private static final Set<String> ZEN5 = Set.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512_bf16", "avx512_vnni");
    private static final Set<String> AVX2_ONLY = Set.of("sse4_2", "avx", "avx2", "fma");

    @Test
    void haswellKernelsOnAnAvx512CpuAreNamedWithTheirCostAndTheWayBack() {
        String w = CoreTypeOverride.warning("Haswell", "Haswell", ZEN5).orElseThrow();
        for (String part : List.of("OPENBLAS_CORETYPE=Haswell", "Haswell kernels (AVX2)", "it has AVX-512; flags avx2, avx512f, avx512_bf16",
                "measured on a 2-core AMD EPYC Zen 5", "1.7x slower", "unset OPENBLAS_CORETYPE", "crashes without it")) {
            assertTrue(w.contains(part), "missing '" + part + "' in: " + w);
        }
        assertTrue(CoreTypeOverride.warning("zen", "Zen", ZEN5).isPresent());
        assertTrue(CoreTypeOverride.warning("Prescott", "Prescott", AVX2_ONLY).isPresent());
    }

    @Test
    void kernelsAsNewAsTheCpuOrAnUnsetVariableSayNothing() {
        assertEquals(Optional.empty(), CoreTypeOverride.warning(null, "Cooperlake", ZEN5));
        assertEquals(Optional.empty(), CoreTypeOverride.warning(" ", "Haswell", ZEN5));
        assertEquals(Optional.empty(), CoreTypeOverride.warning("SkylakeX", "SkylakeX", ZEN5));
        assertEquals(Optional.empty(), CoreTypeOverride.warning("Haswell", "Haswell", AVX2_ONLY));
        // A value OpenBLAS does not know leaves it on its own choice, which is not older.
        assertEquals(Optional.empty(), CoreTypeOverride.warning("Bogus", "Cooperlake", ZEN5));
    }

    @Test
    void whatCannotBeCheckedIsNotClaimed() {
        assertEquals(Optional.empty(), CoreTypeOverride.warning("Haswell", "Haswell", Set.of()));     // no /proc/cpuinfo
        assertEquals(Optional.empty(), CoreTypeOverride.warning("Zen9", "Zen9", ZEN5));             // a core not in the table
    }

    @Test
    void theVariableAloneSaysWhetherItHoldsOpenBlasBackAndLogsNothing() {
        RecordingHandler log = new RecordingHandler();
        Logger logger = loggerInto(log);
        assertTrue(new CoreTypeOverride(() -> "Haswell", () -> ZEN5, logger).variableHoldsBack());
        assertTrue(new CoreTypeOverride(() -> "haswell", () -> ZEN5, logger).variableHoldsBack()); // OpenBLAS ignores case
        assertFalse(new CoreTypeOverride(() -> null, () -> ZEN5, logger).variableHoldsBack());
        assertFalse(new CoreTypeOverride(() -> "SkylakeX", () -> ZEN5, logger).variableHoldsBack());
        assertFalse(new CoreTypeOverride(() -> "Bogus", () -> ZEN5, logger).variableHoldsBack()); // OpenBLAS picks its own
        assertFalse(new CoreTypeOverride(() -> "Haswell", Set::of, logger).variableHoldsBack());
        assertEquals(List.of(), log.records());
    }

    @Test
    void theVariableAloneAgreesWithTheCoreOpenBlasLoadedOnHere() {
        // This process's environment as it is (these machines set OPENBLAS_CORETYPE=Haswell).
        CoreTypeOverride process = CoreTypeOverride.process();
        boolean loadedCoreHeldBack = CoreTypeOverride.warning(System.getenv(CoreTypeOverride.VARIABLE),
                OpenBlas.load().coreName(), CpuFlags.read()).isPresent();
        assertEquals(loadedCoreHeldBack, process.variableHoldsBack(),
                "OPENBLAS_CORETYPE=" + System.getenv(CoreTypeOverride.VARIABLE) + ", core " + OpenBlas.load().coreName());
    }

    @Test
    void theWarningIsLoggedOnceButReturnedEveryTime() {
        RecordingHandler log = new RecordingHandler();
        Logger logger = loggerInto(log);
        List<LogRecord> records = log.records();
        CoreTypeOverride check = new CoreTypeOverride(() -> "Haswell", () -> ZEN5, logger);
        assertTrue(check.check("Haswell").isPresent());
        assertTrue(check.check("Haswell").isPresent());
        assertEquals(1, records.size());
        assertEquals(Level.WARNING, records.getFirst().getLevel());
        assertTrue(records.getFirst().getMessage().startsWith("OPENBLAS_CORETYPE=Haswell"), records.getFirst().getMessage());
    }

    @Test
    void cpuFlagsComeFromTheFirstFlagsLine() {
        String cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu sse avx2 avx512f avx512_bf16\n"
                + "bugs\t\t: sysret_ss_attrs\n\nprocessor\t: 1\nflags\t\t: fpu\n";
        assertEquals(Set.of("fpu", "sse", "avx2", "avx512f", "avx512_bf16"), CpuFlags.parse(cpuinfo));
        assertEquals(Set.of(), CpuFlags.parse("processor\t: 0\n"));
    }

    /** A logger of its own that writes only to {@code log}. */
    private static Logger loggerInto(RecordingHandler log) {
        Logger logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.addHandler(log);
        return logger;
    }
}
