package dev.vitface.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles the shipped kernel sources for Hopper (sm_90) with {@code nvcc} and assembles them
 * with {@code ptxas}, where a CUDA toolkit is installed: the same front end NVRTC uses, so a
 * syntax or type error in a {@code .cu} resource fails here, on a machine without a GPU or
 * libnvrtc. Also checks the compiler's resource report: no register spills, no stack frame.
 * Skipped (not passed) where no toolkit is found.
 */
class NvccCompileTest {

    static Optional<Path> toolkitBin() {
        List<Path> candidates = new ArrayList<>();
        String home = System.getenv("CUDA_HOME");
        if (home != null) candidates.add(Path.of(home, "bin"));
        candidates.add(Path.of("/usr/local/cuda/bin"));
        try (Stream<Path> local = Files.list(Path.of("/usr/local"))) {
            local.filter(p -> p.getFileName().toString().startsWith("cuda-13")).sorted().map(p -> p.resolve("bin"))
                    .forEach(candidates::add);
        } catch (IOException e) {
            // no /usr/local listing: only the other candidates
        }
        return candidates.stream().filter(b -> Files.isExecutable(b.resolve("nvcc")) && Files.isExecutable(b.resolve("ptxas")))
                .findFirst();
    }

    @Test
    void everyProgramCompilesForSm90WithoutSpills(@TempDir Path dir) throws Exception {
        Optional<Path> bin = toolkitBin();
        Assumptions.assumeTrue(bin.isPresent(), "no CUDA toolkit (nvcc + ptxas) under CUDA_HOME, /usr/local/cuda or "
                + "/usr/local/cuda-13*: the kernel sources were not compiled by this test");
        for (String h : KernelSources.HEADERS) Files.writeString(dir.resolve(h), KernelSources.read(h));
        for (String program : KernelSources.PROGRAMS) {
            Path cu = dir.resolve(program);
            Files.writeString(cu, KernelSources.read(program));
            Path ptx = dir.resolve(program + ".ptx");
            run(List.of(bin.get().resolve("nvcc").toString(), "-ptx", "-std=c++17", "-arch=sm_90", "-I", dir.toString(),
                    cu.toString(), "-o", ptx.toString()), program);
            String ptxText = Files.readString(ptx);
            for (Kernel k : Kernel.values()) {
                if (k.source().equals(program)) {
                    assertTrue(ptxText.contains(".entry " + k.symbol() + "("), k.symbol() + " missing from " + program + " PTX");
                }
            }
            String report = run(List.of(bin.get().resolve("ptxas").toString(), "-arch=sm_90", "-v", ptx.toString(), "-o",
                    dir.resolve(program + ".cubin").toString()), program);
            long entries = report.lines().filter(l -> l.contains("Compiling entry function")).count();
            long clean = report.lines().filter(l -> l.contains("0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads")).count();
            assertEquals(entries, clean, program + ": a kernel spills or uses a stack frame:\n" + report);
        }
    }

    private static String run(List<String> command, String program) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, p.exitValue(), program + ": " + String.join(" ", command) + "\n" + output);
        return output;
    }
}
