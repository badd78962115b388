package dev.vitface.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The GPU machine's entry points: usage errors and the no-GPU answer, both without a device. */
class CudaToolsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int check(String... args) {
        return CudaCheck.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private int bench(String... args) {
        return CudaBench.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertEquals(2, check("--model", "m"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--golden"), err.toString(StandardCharsets.UTF_8));
        assertEquals(2, check("--model", "m", "--golden", "g", "--precision", "fp16"));
        assertEquals(2, bench("--model", "m", "--batch", "0"));
        assertEquals(2, bench("--model", "m", "--batch", "x"));
        assertEquals(2, bench("--model", "m", "--precision", ","));
    }

    @Test
    void precisionListsKeepOrderAndDropRepeats() {
        assertEquals(List.of(CudaPrecision.BF16, CudaPrecision.FP32), CudaCheck.parsePrecisions("bf16, fp32,bf16"));
        assertThrows(IllegalArgumentException.class, () -> CudaCheck.parsePrecisions(""));
    }

    @Test
    void withoutAGpuBothSayWhyAndFail() {
        Assumptions.assumeFalse(CudaAvailability.probe().available(), "a GPU is available here");
        String model = Fixtures.tinyModel().toString();
        assertEquals(1, check("--model", model, "--golden", Fixtures.path("tiny/golden.safetensors").toString()));
        assertEquals(1, bench("--model", model, "--batch", "1"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("CUDA unavailable: "), out.toString(StandardCharsets.UTF_8));
    }
}
