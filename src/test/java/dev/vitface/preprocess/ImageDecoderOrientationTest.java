package dev.vitface.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** EXIF orientation: ignored by default (as transformers does), applied like Pillow's exif_transpose on request. */
class ImageDecoderOrientationTest {
    private static final ImageDecoder PLAIN = ImageDecoder.defaults();
    private static final ImageDecoder TRANSPOSING = ImageDecoder.defaults().withExifTranspose(true);

    static Stream<String> orientedImages() {
        return Stream.of("orientation1.png", "orientation2.png", "orientation3.png", "orientation4.png",
                "orientation5.png", "orientation6.png", "orientation7.png", "orientation8.png",
                "orientation6.jpg", "orientation6.webp");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("orientedImages")
    void transposesAsPillowDoes(String name) throws IOException {
        RgbImage expected = PLAIN.decode(Fixtures.path("decode/" + name + ".transposed.png"));
        RgbImage actual = TRANSPOSING.decode(Fixtures.path("decode/" + name));
        assertEquals(expected.width(), actual.width(), "width");
        assertEquals(expected.height(), actual.height(), "height");
        assertArrayEquals(expected.rgb(), actual.rgb(), name);
    }

    @Test
    void ignoresOrientationByDefault() throws IOException {
        RgbImage upright = PLAIN.decode(Fixtures.path("decode/orientation1.png"));
        RgbImage rotated = PLAIN.decode(Fixtures.path("decode/orientation6.png"));
        assertEquals(upright.width(), rotated.width(), "width");
        assertEquals(upright.height(), rotated.height(), "height");
        assertArrayEquals(upright.rgb(), rotated.rgb());
    }
}
