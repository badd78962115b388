package dev.vitface.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The kernel sources as shipped: present, plain ASCII, and declaring exactly the kernels of
 * {@link Kernel} with exactly the parameter kinds the launcher passes (a mismatch would make a
 * kernel read its arguments as garbage, and no compiler would notice).
 */
class KernelSourcesTest {
    private static final Pattern KERNEL = Pattern.compile("extern \"C\" __global__ void (\\w+)\\(([^)]*)\\)");
    private static final Pattern INCLUDE = Pattern.compile("#include\\s+[\"<]([^\">]+)[\">]");

    /** Parameter kinds of every extern "C" kernel in the programs, by symbol. */
    static Map<String, String> declaredKernels() {
        Map<String, String> kernels = new HashMap<>();
        for (String program : KernelSources.PROGRAMS) {
            Matcher m = KERNEL.matcher(KernelSources.read(program));
            while (m.find()) {
                StringBuilder kinds = new StringBuilder();
                for (String param : m.group(2).split(",")) kinds.append(kind(param.trim()));
                kernels.put(m.group(1), kinds.toString());
            }
        }
        return kernels;
    }

    private static char kind(String param) {
        if (param.contains("*")) return 'p';
        if (param.startsWith("long long ")) return 'l';
        if (param.startsWith("int ")) return 'i';
        if (param.startsWith("float ")) return 'f';
        throw new AssertionError("unexpected kernel parameter type: " + param);
    }

    @Test
    void everyKernelIsDeclaredWithTheParametersTheLauncherPasses() {
        Map<String, String> declared = declaredKernels();
        for (Kernel k : Kernel.values()) {
            assertTrue(declared.containsKey(k.symbol()), k.symbol() + " is not declared extern \"C\" __global__ in " + k.source());
            assertEquals(declared.get(k.symbol()), k.parameters(), "parameter kinds of " + k.symbol());
        }
        assertEquals(Kernel.values().length, declared.size(), "kernels in the sources but not in Kernel: " + declared.keySet());
    }

    @Test
    void eachKernelLivesInTheProgramItNames() {
        for (Kernel k : Kernel.values()) {
            assertTrue(KernelSources.read(k.source()).contains("void " + k.symbol() + "("), k.symbol() + " in " + k.source());
        }
    }

    @Test
    void programsIncludeOnlyTheShippedHeaders() {
        for (String program : KernelSources.PROGRAMS) {
            Matcher m = INCLUDE.matcher(KernelSources.read(program));
            while (m.find()) {
                assertTrue(KernelSources.HEADERS.contains(m.group(1)),
                        program + " includes " + m.group(1) + ", which NVRTC will not be given");
            }
        }
        assertEquals(List.of("common.cuh"), List.copyOf(KernelSources.headers().keySet()));
    }

    @Test
    void sourcesNeverAskForFastMath() {
        for (String program : KernelSources.PROGRAMS) {
            String src = KernelSources.read(program);
            assertFalse(src.contains("__expf") || src.contains("__fdividef") || src.contains("rsqrtf"),
                    program + " uses an approximate intrinsic; the fp32 path is checked at 1e-4");
        }
    }
}
