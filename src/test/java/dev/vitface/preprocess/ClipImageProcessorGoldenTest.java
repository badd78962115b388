package dev.vitface.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vitface.safetensors.SafetensorsFile;
import dev.vitface.safetensors.TensorInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole path, file to model input, against Pillow 9.4 + transformers' CLIPImageProcessor:
 * fixtures/preprocess/expected.safetensors ({@code NAME.resized} bit for bit, {@code
 * NAME.pixel_values} within 1e-6) and the tiny model's golden {@code pixel_values} at size 56.
 */
class ClipImageProcessorGoldenTest {
    private static final double TOLERANCE = 1e-6;
    private static final ImageDecoder DECODER = ImageDecoder.defaults();
    private static final ClipImageProcessor CLIP_224 = new ClipImageProcessor(PreprocessorSettings.clipDefaults(224));
    private static SafetensorsFile expected;

    @BeforeAll
    static void open() {
        expected = SafetensorsFile.open(Fixtures.path("preprocess/expected.safetensors"));
    }

    @AfterAll
    static void close() {
        expected.close();
    }

    /** Every file of {@code __metadata__.index}, a JPEG's Pillow-decoded PNG included. */
    static Stream<String> indexedFiles() {
        try (SafetensorsFile file = SafetensorsFile.open(Fixtures.path("preprocess/expected.safetensors"))) {
            List<String> names = new ArrayList<>();
            for (JsonElement entry : JsonParser.parseString(file.metadata().get("index")).getAsJsonArray()) {
                JsonObject o = entry.getAsJsonObject();
                names.add(o.get("file").getAsString());
                if (o.has("decoded_by_pillow")) names.add(o.get("decoded_by_pillow").getAsString());
            }
            assertEquals(13, names.size(), "index entries");
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("indexedFiles")
    void matchesTransformers(String name) throws IOException {
        RgbImage resized = CLIP_224.resize(DECODER.decode(Fixtures.path("preprocess/" + name)));
        expected.find(name + ".resized").ifPresent(info -> {
            long[] shape = info.shape();
            assertArrayEquals(new long[] {resized.height(), resized.width(), 3}, shape, name + ".resized shape");
            assertArrayEquals(expected.toByteArray(info), resized.rgb(), name + ".resized");
        });
        TensorInfo values = expected.require(name + ".pixel_values");
        assertArrayEquals(values.shape(), CLIP_224.pixelValuesShape(resized));
        assertWithin(expected.toFloatArray(values), CLIP_224.pixelValuesOfResized(resized), name);
    }

    @Test
    void everyImageHasItsResizedExpectation() {
        long resizedTensors = expected.tensors().stream().filter(t -> t.name().endsWith(".resized")).count();
        assertEquals(12, resizedTensors, "all but the JPEG itself carry a .resized tensor");
    }

    @Test
    void tinyModelGoldenPixelValues() throws IOException {
        ClipImageProcessor clip56 = new ClipImageProcessor(PreprocessorSettings.clipDefaults(56));
        try (SafetensorsFile golden = SafetensorsFile.open(Fixtures.path("tiny/golden.safetensors"))) {
            float[] all = golden.toFloatArray(golden.require("pixel_values"));
            String[] images = {"astronaut.png", "chelsea.png", "synthetic_70x50.png"};
            assertEquals("[\"astronaut.png\", \"chelsea.png\", \"synthetic_70x50.png\"]", golden.metadata().get("images"));
            int perImage = 3 * 56 * 56;
            assertEquals(images.length * perImage, all.length);
            for (int i = 0; i < images.length; i++) {
                float[] actual = clip56.pixelValues(DECODER.decode(Fixtures.path("tiny/" + images[i])));
                assertWithin(Arrays.copyOfRange(all, i * perImage, (i + 1) * perImage), actual, images[i]);
            }
        }
    }

    private static void assertWithin(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        double max = 0;
        for (int i = 0; i < expected.length; i++) max = Math.max(max, Math.abs((double) expected[i] - actual[i]));
        assertTrue(max <= TOLERANCE, what + ": max abs difference " + max);
    }
}
