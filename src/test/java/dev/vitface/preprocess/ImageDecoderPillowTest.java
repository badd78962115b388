package dev.vitface.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every image in fixtures/decode decodes to the pixels of its NAME.decoded.png, which Pillow 9.4
 * wrote from {@code Image.open(NAME).convert("RGB")} (tools/make_decode_fixtures.py).
 */
class ImageDecoderPillowTest {
    private static final ImageDecoder DECODER = ImageDecoder.defaults();

    static Stream<String> exactImages() throws IOException {
        return decodeFixtures().filter(name -> !isLossyWebp(name));
    }

    static Stream<String> lossyWebpImages() throws IOException {
        return decodeFixtures().filter(ImageDecoderPillowTest::isLossyWebp);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exactImages")
    void decodesBitIdenticallyToPillow(String name) throws IOException {
        RgbImage expected = DECODER.decode(Fixtures.path("decode/" + name + ".decoded.png"));
        RgbImage actual = DECODER.decode(Fixtures.path("decode/" + name));
        assertEquals(expected.width(), actual.width(), "width");
        assertEquals(expected.height(), actual.height(), "height");
        assertArrayEquals(expected.rgb(), actual.rgb(), name);
    }

    /**
     * TwelveMonkeys decodes lossy WebP (VP8) without libwebp's "fancy" chroma upsampling, so it is
     * close to Pillow, not equal. These bounds hold the measured gap on this noisy synthetic image
     * (max 32, mean 5.3 levels) with a little room, so a regression in the plugin still shows.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("lossyWebpImages")
    void decodesLossyWebpCloseToPillow(String name) throws IOException {
        RgbImage expected = DECODER.decode(Fixtures.path("decode/" + name + ".decoded.png"));
        RgbImage actual = DECODER.decode(Fixtures.path("decode/" + name));
        assertEquals(expected.width(), actual.width(), "width");
        assertEquals(expected.height(), actual.height(), "height");
        int max = 0;
        long sum = 0;
        for (int i = 0; i < expected.rgb().length; i++) {
            int diff = Math.abs((expected.rgb()[i] & 0xFF) - (actual.rgb()[i] & 0xFF));
            max = Math.max(max, diff);
            sum += diff;
        }
        double mean = (double) sum / expected.rgb().length;
        assertTrue(max <= 40, name + ": max difference " + max);
        assertTrue(mean <= 6.0, name + ": mean difference " + mean);
    }

    private static boolean isLossyWebp(String name) {
        return name.startsWith("lossy") && name.endsWith(".webp");
    }

    private static Stream<String> decodeFixtures() throws IOException {
        Path dir = Fixtures.path("decode");
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".decoded.png"))
                    .map(n -> n.substring(0, n.length() - ".decoded.png".length()))
                    .sorted()
                    .toList()
                    .stream();
        }
    }
}
