package dev.vitface.backend.cpu;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Says so, once, when {@code OPENBLAS_CORETYPE} makes OpenBLAS run kernels older than the CPU
 * runs: the machines of issue #17 set {@code OPENBLAS_CORETYPE=Haswell} (old OpenBLAS builds
 * crash on their CPU), which puts AVX2 kernels on an AVX-512 CPU. vitface never changes the
 * variable (OpenBLAS reads it when it loads, and a user may need it); it only names the cost.
 *
 * <p>"Older" compares vector ISAs, which decide sgemm's speed: the widest one the kernels of
 * OpenBLAS's chosen core use ({@link OpenBlas#coreName()}, table below) against the widest one
 * the CPU has ({@link CpuFlags}). A core name the table does not know, or a CPU whose flags
 * cannot be read, gives no warning: nothing is claimed that was not checked.
 */
public final class CoreTypeOverride {
    public static final String VARIABLE = "OPENBLAS_CORETYPE";
    private static final Logger LOG = Logger.getLogger(CoreTypeOverride.class.getName());
    private static final CoreTypeOverride PROCESS =
            new CoreTypeOverride(() -> System.getenv(VARIABLE), CpuFlags::read, LOG);

    /** x86 vector instruction sets, oldest first. */
    enum VectorIsa {
        SSE("SSE"), AVX("AVX"), AVX2("AVX2"), AVX512("AVX-512");

        final String label;

        VectorIsa(String label) {
            this.label = label;
        }
    }

    /**
     * OpenBLAS's x86-64 DYNAMIC_ARCH core names ({@code driver/others/dynamic.c}, lower-cased)
     * and the widest vector ISA their sgemm kernels use. Zen runs the Haswell kernels;
     * Cooperlake and SapphireRapids add BF16/AMX kernels for sbgemm only, which vitface does not
     * call (its bf16 goes through oneDNN), so for sgemm they are AVX-512 like SkylakeX.
     */
    static final Map<String, VectorIsa> CORE_ISA = Map.ofEntries(
            Map.entry("skylakex", VectorIsa.AVX512), Map.entry("cooperlake", VectorIsa.AVX512),
            Map.entry("sapphirerapids", VectorIsa.AVX512),
            Map.entry("haswell", VectorIsa.AVX2), Map.entry("zen", VectorIsa.AVX2),
            Map.entry("excavator", VectorIsa.AVX2),
            Map.entry("sandybridge", VectorIsa.AVX), Map.entry("bulldozer", VectorIsa.AVX),
            Map.entry("piledriver", VectorIsa.AVX), Map.entry("steamroller", VectorIsa.AVX),
            Map.entry("katmai", VectorIsa.SSE), Map.entry("coppermine", VectorIsa.SSE),
            Map.entry("northwood", VectorIsa.SSE), Map.entry("prescott", VectorIsa.SSE),
            Map.entry("banias", VectorIsa.SSE), Map.entry("atom", VectorIsa.SSE), Map.entry("core2", VectorIsa.SSE),
            Map.entry("penryn", VectorIsa.SSE), Map.entry("dunnington", VectorIsa.SSE),
            Map.entry("nehalem", VectorIsa.SSE), Map.entry("athlon", VectorIsa.SSE),
            Map.entry("opteron", VectorIsa.SSE), Map.entry("opteron(sse3)", VectorIsa.SSE),
            Map.entry("barcelona", VectorIsa.SSE), Map.entry("nano", VectorIsa.SSE), Map.entry("bobcat", VectorIsa.SSE));

    /** The CPU flags a warning names, when the CPU has them. */
    private static final List<String> NAMED_FLAGS = List.of("avx2", "avx512f", "avx512_bf16", "amx_tile", "amx_bf16");

    private final Supplier<String> environment;
    private final Supplier<Set<String>> cpuFlags;
    private final Logger log;
    private boolean logged; // guarded by this

    /** @param environment the variable's value, null when unset */
    CoreTypeOverride(Supplier<String> environment, Supplier<Set<String>> cpuFlags, Logger log) {
        this.environment = environment;
        this.cpuFlags = cpuFlags;
        this.log = log;
    }

    /** The check for this process: its environment and this machine's {@code /proc/cpuinfo}. */
    public static CoreTypeOverride process() {
        return PROCESS;
    }

    /**
     * The warning for OpenBLAS's chosen core, or empty when there is nothing to say. The first
     * call that finds one logs it (one WARNING line per process); every call returns it, so a
     * report can repeat it.
     */
    public synchronized Optional<String> check(String coreName) {
        Optional<String> warning = warning(environment.get(), coreName, cpuFlags.get());
        if (warning.isPresent() && !logged) {
            logged = true;
            log.warning(warning.get());
        }
        return warning;
    }

    /**
     * Whether the variable holds OpenBLAS to kernels older than the CPU's, without saying so (a
     * choice of backend weighs it), and before OpenBLAS is loaded: whether it names a core whose
     * kernels are older than the CPU's. OpenBLAS (DYNAMIC_ARCH) runs the core the variable names, matched
     * without regard to case, where the CPU can run it, which an older core's kernels always can; a
     * name it does not know leaves it on the CPU's own core, and this table on no answer. So a
     * choice of backend can weigh it without the ~0.1 s of loading OpenBLAS it may not take.
     */
    public boolean variableHoldsBack() {
        String variable = environment.get();
        return warning(variable, variable, cpuFlags.get()).isPresent(); // empty for an unset or blank variable
    }

    /**
     * The check itself, a function of its inputs only.
     *
     * @param variable the value of {@code OPENBLAS_CORETYPE}, null when unset
     * @param coreName the core OpenBLAS chose ({@link OpenBlas#coreName()})
     * @param flags    the CPU's flags ({@link CpuFlags}); empty when unknown
     */
    static Optional<String> warning(String variable, String coreName, Set<String> flags) {
        if (variable == null || variable.isBlank() || coreName == null) return Optional.empty();
        VectorIsa kernels = CORE_ISA.get(coreName.strip().toLowerCase(Locale.ROOT));
        Optional<VectorIsa> cpu = cpuIsa(flags);
        if (kernels == null || cpu.isEmpty() || kernels.compareTo(cpu.get()) >= 0) return Optional.empty();
        List<String> named = NAMED_FLAGS.stream().filter(flags::contains).toList();
        return Optional.of(VARIABLE + "=" + variable + " makes OpenBLAS run its " + coreName + " kernels ("
                + kernels.label + "), older than this CPU runs (it has " + cpu.get().label + "; flags "
                + String.join(", ", named) + "). What it costs: measured on a 2-core AMD EPYC Zen 5 (family 26), Haswell kernels made vitface's"
                + " fp32 forward at batch 8 1.7x slower, 0.895 against 0.522 s/image (docs/PERFORMANCE.md); the oneDNN backends"
                + " (--backend onednn, --precision bf16) do not use OpenBLAS. vitface leaves the variable as it is;"
                + " unset " + VARIABLE + " to let OpenBLAS pick this CPU's kernels, unless your OpenBLAS build crashes"
                + " without it.");
    }

    /** The widest vector ISA the flags show; empty when there are no flags to read. */
    static Optional<VectorIsa> cpuIsa(Set<String> flags) {
        if (flags.isEmpty()) return Optional.empty();
        if (flags.contains("avx512f")) return Optional.of(VectorIsa.AVX512);
        if (flags.contains("avx2")) return Optional.of(VectorIsa.AVX2);
        if (flags.contains("avx")) return Optional.of(VectorIsa.AVX);
        return Optional.of(VectorIsa.SSE);
    }
}
