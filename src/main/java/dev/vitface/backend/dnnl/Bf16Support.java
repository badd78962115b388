package dev.vitface.backend.dnnl;

import dev.vitface.util.FailureText;
import java.util.function.Supplier;

/**
 * Whether this machine runs BF16 matmuls natively through oneDNN, and if not, why: the library
 * must load and the ISA it dispatches to must have BF16 instructions ({@link CpuIsa#hasBf16()}).
 * {@code DNNL_MAX_CPU_ISA=AVX512_CORE} in the environment caps oneDNN's ISA, which is a way to
 * see the fallback on a BF16 machine.
 *
 * @param isa     the ISA oneDNN reported, or null when it could not load
 * @param problem null when BF16 is available, else the reason for a log line or an error
 */
public record Bf16Support(CpuIsa isa, String problem) {

    public boolean available() {
        return problem == null;
    }

    public static Bf16Support probe() {
        return probe(() -> OneDnn.load().effectiveIsa());
    }

    /** {@code effectiveIsa} loads oneDNN and asks its ISA (tests pass one that fails to load). */
    static Bf16Support probe(Supplier<CpuIsa> effectiveIsa) {
        try {
            CpuIsa isa = effectiveIsa.get();
            return isa.hasBf16() ? new Bf16Support(isa, null) : new Bf16Support(isa, "oneDNN dispatches to " + isa
                    + " on this CPU, which has no BF16 instructions (needs avx512_core_bf16, avx2_vnni_2 or AMX)");
        } catch (LinkageError e) {
            return new Bf16Support(null, FailureText.of(e));
        }
    }
}
