package dev.vitface.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What cuBLAS actually receives from {@link Cublas}, through bytedeco's real JNI glue, on a
 * machine without a GPU. The test builds stand-ins for {@code libcublas.so.13},
 * {@code libcublasLt.so.13}, {@code libcudart.so.13} and {@code libcuda.so.1} with the C compiler
 * ({@code cuda_stubs.c}: the real sonames and symbol versions, so the JNI libraries load against
 * them; the cuBLAS calls print their arguments), then runs {@link CublasStubProbe} in a child JVM
 * that loads them before anything else. A child, because a JVM loads a native library once: the
 * stubs must not meet the other tests' CUDA probe, and a failed probe must not meet the stubs.
 *
 * <p>It guards against the batched GEMM's pointer arrays being passed through the preset's
 * {@code @ByPtrPtr} overload, which hands cuBLAS the address of a JNI stack slot (0x7f…) instead
 * of the device array. Skipped only where there is no C compiler.
 */
class CublasStubTest {
    private static final String SOURCE = "cuda_stubs.c";

    /** Library file (= soname), the -D switch that selects its part of the source, its symbol version or null. */
    private record Stub(String soname, String define, String version) {}

    private static final List<Stub> STUBS = List.of(
            new Stub("libcublas.so.13", "STUB_CUBLAS", "libcublas.so.13"),
            new Stub("libcublasLt.so.13", "STUB_EMPTY", "libcublasLt.so.13"),
            new Stub("libcudart.so.13", "STUB_CUDART", "libcudart.so.13"),
            new Stub("libcuda.so.1", "STUB_EMPTY", null));

    static Optional<Path> cCompiler() {
        List<Path> candidates = new ArrayList<>();
        String cc = System.getenv("CC");
        if (cc != null && !cc.isBlank() && !cc.contains(" ")) candidates.add(Path.of(cc));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty()) candidates.add(Path.of(dir, "cc"));
            }
        }
        candidates.add(Path.of("/usr/bin/cc"));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    @Test
    void cublasReceivesTheDevicePointerArraysThemselves(@TempDir Path dir) throws Exception {
        Optional<Path> cc = cCompiler();
        Assumptions.assumeTrue(cc.isPresent(), "no C compiler ($CC, cc on PATH or /usr/bin/cc): the stub CUDA libraries "
                + "could not be built, so the pointers cuBLAS receives were not checked");
        Path source = dir.resolve(SOURCE);
        try (InputStream in = CublasStubTest.class.getResourceAsStream(SOURCE)) {
            assertTrue(in != null, SOURCE + " missing from the test resources");
            Files.write(source, in.readAllBytes());
        }
        Path libs = Files.createDirectory(dir.resolve("lib"));
        for (Stub stub : STUBS) {
            List<String> command = new ArrayList<>(List.of(cc.get().toString(), "-shared", "-fPIC", "-O0", "-D" + stub.define(),
                    "-Wl,-soname," + stub.soname(), "-o", libs.resolve(stub.soname()).toString(), source.toString()));
            if (stub.version() != null) {
                // The JNI glue asks for e.g. cublasGemmBatchedEx@libcublas.so.13: the stub must define that version.
                Path map = dir.resolve(stub.soname() + ".map");
                Files.writeString(map, stub.version() + " { global: *; };\n");
                command.add("-Wl,--version-script=" + map);
            }
            Result built = run(command);
            assertEquals(0, built.status(), "building " + stub.soname() + ": " + String.join(" ", command) + "\n" + built.output());
        }

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Result probe = run(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), CublasStubProbe.class.getName(), libs.toString()));
        assertEquals(0, probe.status(), "the probe JVM failed:\n" + probe.output());

        List<String> lines = probe.output().lines().toList();
        List<String> expected = lines.stream().filter(l -> l.startsWith("expect ")).map(l -> l.substring("expect ".length())).toList();
        assertEquals(4, expected.size(), "the probe's expectations:\n" + probe.output());
        for (String line : expected) {
            String call = line.substring(0, line.indexOf(' '));
            List<String> received = lines.stream().filter(l -> l.startsWith(call + " ")).toList();
            assertTrue(received.contains(line), "cuBLAS was meant to receive\n  " + line + "\nbut the stub recorded\n  "
                    + String.join("\n  ", received) + "\n(full output:\n" + probe.output() + ")");
        }
    }

    private record Result(int status, String output) {}

    /**
     * Runs a command to completion (at most 2 minutes), its output collected in a file so that a
     * hung child cannot hang the test.
     */
    private static Result run(List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("cublas-stub", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("timed out: " + String.join(" ", command) + "\n" + Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
