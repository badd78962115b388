package dev.vitface.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenBlasCoreTypeTest {
    private static String cpuinfo(String vendor, int family, String flags) {
        return "processor\t: 0\nvendor_id\t: " + vendor + "\ncpu family\t: " + family + "\nmodel\t\t: 17\n"
                + "flags\t\t: " + flags + "\n\nprocessor\t: 1\nvendor_id\t: SomeoneElse\n";
    }

    @Test
    void zen4AsksForTheHaswellKernels() {
        assertEquals(Optional.of("Haswell"),
                OpenBlasCoreType.preferredFor(cpuinfo("AuthenticAMD", 25, "fpu sse2 avx2 fma avx512f avx512bw avx512_bf16")));
    }

    @Test
    void otherCpusKeepOpenBlasChoice() {
        // Zen 3: same family, no AVX-512 (OpenBLAS already picks Zen kernels there).
        assertEquals(Optional.empty(), OpenBlasCoreType.preferredFor(cpuinfo("AuthenticAMD", 25, "fpu sse2 avx2 fma")));
        // Zen 5: full-width AVX-512, not measured.
        assertEquals(Optional.empty(), OpenBlasCoreType.preferredFor(cpuinfo("AuthenticAMD", 26, "avx2 fma avx512f")));
        assertEquals(Optional.empty(), OpenBlasCoreType.preferredFor(cpuinfo("GenuineIntel", 6, "avx2 fma avx512f amx_tile")));
        assertEquals(Optional.empty(), OpenBlasCoreType.preferredFor(""));
    }

    @Test
    void theLoadedLibraryRunsThePreferredKernels() throws Exception {
        Optional<String> preferred = OpenBlasCoreType.preferredFor(Files.readString(Path.of("/proc/cpuinfo")));
        String requested = System.getenv(OpenBlasCoreType.VARIABLE);
        String core = OpenBlas.load().coreName();
        if (requested != null) {
            assertEquals(requested.toLowerCase(), core.toLowerCase(), "the user's " + OpenBlasCoreType.VARIABLE + " wins");
        } else if (preferred.isPresent()) {
            assertEquals(preferred.get(), core);
        }
    }
}
