package dev.vitface.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.backend.dnnl.Bf16Support;
import dev.vitface.backend.dnnl.CpuIsa;
import org.junit.jupiter.api.Test;

/** The bf16 peak is twice the FMA peak only where oneDNN runs AVX-512 BF16 dot products. */
class Bf16PeakTest {
    private static final Peak FMA = new Peak("fp32 FMA loop", 450);

    @Test
    void avx512Bf16DoublesTheFmaPeak() {
        Peak bf16 = Bf16Peak.of(FMA, new Bf16Support(CpuIsa.of(0xe7), null));
        assertEquals(900, bf16.gflops());
        assertTrue(bf16.description().contains("avx512_core_bf16"), bf16.description());
    }

    @Test
    void otherwiseThereIsNoFigureAndTheDescriptionSaysWhy() {
        assertNone(Bf16Peak.of(FMA, new Bf16Support(CpuIsa.of(0x67), "no BF16 instructions")), "no AVX-512 BF16");
        assertNone(Bf16Peak.of(FMA, new Bf16Support(CpuIsa.of(0x1f), null)), "no AVX-512 BF16"); // AVX-NE-CONVERT
        assertNone(Bf16Peak.of(FMA, new Bf16Support(CpuIsa.of(0xfef), null)), "AMX");
        assertNone(Bf16Peak.of(FMA, new Bf16Support(null, "libdnnl.so: cannot open")), "libdnnl.so");
        assertNone(Bf16Peak.of(Peak.unavailable("no Vector API"), new Bf16Support(CpuIsa.of(0xe7), null)), "no Vector API");
    }

    private static void assertNone(Peak peak, String why) {
        assertFalse(peak.available(), peak.toString());
        assertTrue(peak.description().contains(why), peak.description());
    }
}
