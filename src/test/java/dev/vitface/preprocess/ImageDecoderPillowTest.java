package dev.vitface.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void decodesBitIdenticallyToPillow(String name) throws IOException {
        RgbImage expected = DECODER.decode(Fixtures.path("decode/" + name + ".decoded.png"));
        RgbImage actual = DECODER.decode(Fixtures.path("decode/" + name));
        assertEquals(expected.width(), actual.width(), "width");
        assertEquals(expected.height(), actual.height(), "height");
        assertArrayEquals(expected.rgb(), actual.rgb(), name);
    }

    /** The same bytes from memory (a Spark binary column) decode to the same pixels as the file. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void bytesInMemoryDecodeLikeTheFile(String name) throws IOException {
        Path file = Fixtures.path("decode/" + name);
        RgbImage fromFile = DECODER.decode(file);
        RgbImage fromBytes = DECODER.decode(Files.readAllBytes(file), name);
        assertEquals(fromFile, fromBytes, name);
    }

    static Stream<String> images() throws IOException {
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
