package dev.vitface.bench;

import dev.vitface.backend.dnnl.Bf16Support;
import dev.vitface.backend.dnnl.CpuIsa;

/**
 * The bf16 peak the bf16 rows are divided by: twice the fp32 FMA peak where oneDNN dispatches
 * to AVX-512 BF16, whose {@code vdpbf16ps} adds two bf16 products into each fp32 lane at an
 * FMA's throughput (issue #17 defines the bf16 peak so). Elsewhere there is no figure: with
 * AMX, oneDNN runs on tiles whose peak this probe does not measure; with AVX-NE-CONVERT or
 * without BF16 there is no dot-product instruction to double the FMA rate.
 */
final class Bf16Peak {
    private Bf16Peak() {}

    static Peak of(Peak fma, Bf16Support support) {
        if (!fma.available()) return Peak.unavailable("no fp32 FMA peak to double (" + fma.description() + ")");
        CpuIsa isa = support.isa();
        if (isa == null) return Peak.unavailable("oneDNN did not load: " + support.problem());
        if (isa.hasAmx()) {
            return Peak.unavailable("oneDNN dispatches to " + isa + ": AMX tiles, whose peak this probe does not measure");
        }
        if (!isa.hasAvx512Bf16()) {
            return Peak.unavailable("oneDNN dispatches to " + isa + ": no AVX-512 BF16 dot product");
        }
        return new Peak("bf16 dot product: 2 × the fp32 FMA peak (vdpbf16ps; oneDNN ISA " + isa + ")", 2 * fma.gflops());
    }
}
