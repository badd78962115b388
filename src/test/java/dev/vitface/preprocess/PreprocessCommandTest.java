package dev.vitface.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.cli.ExitCodes;
import dev.vitface.cli.PreprocessCommand;
import dev.vitface.cli.UsageException;
import dev.vitface.safetensors.DType;
import dev.vitface.safetensors.SafetensorsFile;
import dev.vitface.safetensors.TensorInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vitface preprocess} end to end on the tiny model folder (size 56) and its golden pixel values. */
class PreprocessCommandTest {
    private static final String[] GOLDEN_IMAGES = {"astronaut.png", "chelsea.png", "synthetic_70x50.png"};

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void writesResizedAndPixelValuesPerImage() throws IOException {
        Path file = dir.resolve("tensors.safetensors");
        List<String> argv = new ArrayList<>(List.of("--model", Fixtures.path("tiny").toString(), "--out", file.toString()));
        for (String image : GOLDEN_IMAGES) argv.add(Fixtures.path("tiny/" + image).toString());

        assertEquals(ExitCodes.SUCCESS, run(argv), err.toString(StandardCharsets.UTF_8));
        try (SafetensorsFile written = SafetensorsFile.open(file);
             SafetensorsFile golden = SafetensorsFile.open(Fixtures.path("tiny/golden.safetensors"))) {
            assertEquals("[{\"file\":\"astronaut.png\"},{\"file\":\"chelsea.png\"},{\"file\":\"synthetic_70x50.png\"}]",
                    written.metadata().get("index"));
            assertEquals(6, written.tensors().size());
            float[] expected = golden.toFloatArray(golden.require("pixel_values"));
            for (int i = 0; i < GOLDEN_IMAGES.length; i++) {
                TensorInfo values = written.require(GOLDEN_IMAGES[i] + ".pixel_values");
                assertEquals(DType.F32, values.dtype());
                assertArrayEquals(new long[] {3, 56, 56}, values.shape());
                float[] actual = written.toFloatArray(values);
                float[] want = Arrays.copyOfRange(expected, i * actual.length, (i + 1) * actual.length);
                for (int j = 0; j < want.length; j++) assertEquals(want[j], actual[j], 1e-6, GOLDEN_IMAGES[i] + " at " + j);
            }
            TensorInfo resized = written.require("chelsea.png.resized");
            assertEquals(DType.U8, resized.dtype());
            assertArrayEquals(new long[] {56, 84, 3}, resized.shape()); // 451 x 300 -> int(56 * 451 / 300) = 84
        }
    }

    @Test
    void aBadImageIsReportedAndTheOthersAreWritten() throws IOException {
        Path file = dir.resolve("tensors.safetensors");
        Path bad = Files.writeString(dir.resolve("broken.png"), "not a png");
        int code = run(List.of("--model", Fixtures.path("tiny").toString(), "--out", file.toString(),
                bad.toString(), Fixtures.path("tiny/chelsea.png").toString()));

        assertEquals(ExitCodes.FAILURE, code);
        String errors = err.toString(StandardCharsets.UTF_8);
        assertTrue(errors.contains(bad + ": not an image file"), errors);
        assertFalse(errors.contains("\tat "), "no stack trace: " + errors);
        try (SafetensorsFile written = SafetensorsFile.open(file)) {
            assertEquals("[{\"file\":\"chelsea.png\"}]", written.metadata().get("index"));
            assertEquals(2, written.tensors().size());
        }
    }

    @Test
    void nothingIsWrittenWhenEveryImageFails() throws IOException {
        Path file = dir.resolve("tensors.safetensors");
        Path empty = Files.write(dir.resolve("empty.jpg"), new byte[0]);
        assertEquals(ExitCodes.FAILURE, run(List.of("--model", Fixtures.path("tiny").toString(), "--out", file.toString(), empty.toString())));
        assertFalse(Files.exists(file));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(empty + ": empty file"));
    }

    @Test
    void twoImagesWithTheSameNameAreAnError() throws IOException {
        Path copy = Files.createDirectories(dir.resolve("other")).resolve("chelsea.png");
        Files.copy(Fixtures.path("tiny/chelsea.png"), copy);
        Path file = dir.resolve("tensors.safetensors");
        int code = run(List.of("--model", Fixtures.path("tiny").toString(), "--out", file.toString(),
                Fixtures.path("tiny/chelsea.png").toString(), copy.toString()));
        assertEquals(ExitCodes.FAILURE, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("another image is also named 'chelsea.png'"));
    }

    @Test
    void aModelWithoutPreprocessorConfigFails() throws IOException {
        int code = run(List.of("--model", dir.toString(), "--out", dir.resolve("x.safetensors").toString(),
                Fixtures.path("tiny/chelsea.png").toString()));
        assertEquals(ExitCodes.FAILURE, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("preprocessor_config.json: cannot read"));
    }

    @Test
    void missingArgumentsAreUsageErrors() {
        assertThrows(UsageException.class, () -> run(List.of("--out", "x", "a.png")));
        assertThrows(UsageException.class, () -> run(List.of("--model", "m", "a.png")));
        assertThrows(UsageException.class, () -> run(List.of("--model", "m", "--out", "x")));
    }

    private int run(List<String> argv) {
        return new PreprocessCommand().run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
