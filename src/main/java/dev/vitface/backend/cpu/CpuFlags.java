package dev.vitface.backend.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** The CPU's feature flags as Linux lists them in {@code /proc/cpuinfo} ("avx2", "avx512f", "amx_tile"...). */
public final class CpuFlags {
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    private CpuFlags() {}

    /**
     * This machine's flags; empty where {@code /proc/cpuinfo} cannot be read (not Linux), which means
     * "unknown". Read once per process: a start-up asks several times (the preload, the choice of
     * backend, OpenBLAS's warning), and the file has a block per core.
     */
    public static Set<String> read() {
        return Machine.FLAGS;
    }

    /** Holds the flags, read when first asked for. */
    private static final class Machine {
        static final Set<String> FLAGS = readNow();

        private static Set<String> readNow() {
            try {
                return parse(Files.readString(CPUINFO));
            } catch (IOException | SecurityException e) {
                return Set.of();
            }
        }
    }

    /** The first processor's {@code flags} line (x86 Linux lists the same flags for every processor). */
    static Set<String> parse(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals("flags")) {
                return Arrays.stream(line.substring(colon + 1).strip().split("\\s+")).filter(f -> !f.isEmpty())
                        .collect(Collectors.toUnmodifiableSet());
            }
        }
        return Set.of();
    }
}
