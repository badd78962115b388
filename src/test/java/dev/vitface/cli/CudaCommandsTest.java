package dev.vitface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.Fixtures;
import dev.vitface.backend.Precision;
import dev.vitface.backend.cuda.CudaAvailability;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The GPU machine's entry points, {@code verify --backend cuda} (the GPU check) and
 * {@code bench --backend cuda}: usage errors and the no-GPU answer, both without a device.
 */
class CudaCommandsTest {

    private static CliRunner check(String... args) {
        return CliRunner.run(concat(List.of("verify", "--backend", "cuda"), args));
    }

    private static CliRunner bench(String... args) {
        return CliRunner.run(concat(List.of("bench", "--backend", "cuda"), args));
    }

    private static String[] concat(List<String> first, String... rest) {
        return Stream.concat(first.stream(), Arrays.stream(rest)).toArray(String[]::new);
    }

    @Test
    void badArgumentsAreUsageErrors() {
        CliRunner noGolden = check("--model", "m");
        assertEquals(2, noGolden.exitCode());
        assertTrue(noGolden.err().contains("--golden"), noGolden.err());
        assertEquals(2, check("--model", "m", "--golden", "g", "--precision", "fp16").exitCode());
        assertEquals(2, bench("--model", "m", "--batch", "0").exitCode());
        assertEquals(2, bench("--model", "m", "--batch", "x").exitCode());
        assertEquals(2, bench("--model", "m", "--precision", ",").exitCode());
    }

    @Test
    void precisionListsKeepOrderAndDropRepeats() {
        assertEquals(List.of(Precision.BF16, Precision.FP32), BenchCommand.parsePrecisions("bf16, fp32,bf16"));
        assertThrows(UsageException.class, () -> BenchCommand.parsePrecisions(""));
    }

    @Test
    void withoutAGpuBothSayWhyAndFail() {
        Assumptions.assumeFalse(CudaAvailability.probe().available(), "a GPU is available here");
        String model = Fixtures.tinyModel().toString();
        CliRunner verify = check("--model", model, "--golden", Fixtures.path("tiny/golden.safetensors").toString());
        assertEquals(1, verify.exitCode());
        assertTrue(verify.out().startsWith("CUDA unavailable: "), verify.out());
        CliRunner bench = bench("--model", model, "--batch", "1");
        assertEquals(1, bench.exitCode());
        assertTrue(bench.err().contains("CUDA backend unavailable: "), bench.err());
    }
}
