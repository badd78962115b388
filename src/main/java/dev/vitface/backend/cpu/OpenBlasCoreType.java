package dev.vitface.backend.cpu;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which OpenBLAS kernel family to ask for before the library loads. OpenBLAS's DYNAMIC_ARCH
 * picks by instruction set, so on AMD Zen 4 (family 19h with AVX-512) it takes the Intel
 * AVX-512 kernels (SkylakeX / Cooperlake). Zen 4 executes each 512-bit FMA as two 256-bit
 * halves, and there OpenBLAS's Haswell (AVX2) sgemm is faster on every product of the model:
 * 7-9 % at 257 rows, 4-7 % at 2056 (docs/PERFORMANCE.md). A user's own
 * {@code OPENBLAS_CORETYPE} always wins; other CPUs keep OpenBLAS's choice.
 */
public final class OpenBlasCoreType {
    static final String VARIABLE = "OPENBLAS_CORETYPE";
    private static final int ZEN_3_AND_4_FAMILY = 0x19;

    private OpenBlasCoreType() {}

    /** The core type to request on a CPU described by {@code /proc/cpuinfo} text, if any. */
    static Optional<String> preferredFor(String cpuinfo) {
        String vendor = field(cpuinfo, "vendor_id");
        String family = field(cpuinfo, "cpu family");
        Set<String> flags = Arrays.stream(field(cpuinfo, "flags").split("\\s+")).collect(Collectors.toSet());
        boolean zen4 = vendor.equals("AuthenticAMD") && family.equals(Integer.toString(ZEN_3_AND_4_FAMILY))
                && flags.contains("avx512f"); // Zen 3 shares the family but has no AVX-512
        return zen4 ? Optional.of("Haswell") : Optional.empty();
    }

    /**
     * Sets {@code OPENBLAS_CORETYPE} in this process's C environment, where OpenBLAS reads it
     * when it loads, unless the user set it or this CPU has no preference. Has no effect once
     * OpenBLAS is loaded.
     */
    static void requestBeforeLoad() {
        if (System.getenv(VARIABLE) != null) return;
        Optional<String> preferred;
        try {
            preferred = preferredFor(Files.readString(Path.of("/proc/cpuinfo")));
        } catch (IOException | RuntimeException e) {
            return; // not Linux, or unreadable: OpenBLAS's own choice stands
        }
        preferred.ifPresent(OpenBlasCoreType::setenv);
    }

    /** The first {@code name : value} line of {@code cpuinfo} (the first processor), or "". */
    private static String field(String cpuinfo, String name) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals(name)) return line.substring(colon + 1).strip();
        }
        return "";
    }

    private static void setenv(String value) {
        Linker linker = Linker.nativeLinker();
        MemorySegment symbol = linker.defaultLookup().find("setenv").orElse(null);
        if (symbol == null) return;
        MethodHandle setenv = linker.downcallHandle(symbol,
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            int ignoredStatus = (int) setenv.invokeExact(arena.allocateFrom(VARIABLE), arena.allocateFrom(value), 0);
        } catch (Throwable t) {
            // Only a speed preference: without it OpenBLAS runs its own choice.
        }
    }
}
