package dev.vitface.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Decoding bytes held in memory (an upload) gives exactly what decoding the same file gives. */
class ImageDecoderBytesTest {
    @Test
    void bytesDecodeLikeTheirFile() throws Exception {
        ImageDecoder decoder = ImageDecoder.defaults();
        for (String name : new String[] {"cmyk.jpg", "gray16.png", "lossy.webp", "lossless_alpha.webp", "gray.gif", "bilevel1.bmp"}) {
            Path file = Fixtures.path("decode/" + name);
            assertEquals(decoder.decode(file), decoder.decode(Files.readAllBytes(file), "upload"), name);
        }
    }

    @Test
    void badBytesNameTheLabel() {
        ImageDecoder decoder = ImageDecoder.defaults();
        assertEquals("upload: empty (0 bytes)",
                assertThrows(ImageDecodeException.class, () -> decoder.decode(new byte[0], "upload")).getMessage());
        assertEquals("upload: not an image file (PNG, JPEG, GIF, BMP and WebP are supported)",
                assertThrows(ImageDecodeException.class, () -> decoder.decode("hello".getBytes(), "upload")).getMessage());
    }
}
