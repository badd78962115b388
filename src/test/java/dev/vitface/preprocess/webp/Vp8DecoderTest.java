package dev.vitface.preprocess.webp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Bitstreams libwebp refuses are refused here too, with libwebp's reason. */
class Vp8DecoderTest {

    @Test
    void decodesToPlanesOfWholeMacroblocks() throws IOException {
        byte[] vp8 = vp8Payload("lossy.webp"); // 37x23
        YuvPlanes planes = Vp8Decoder.decode(vp8, 0, vp8.length);
        assertEquals(37, planes.width());
        assertEquals(23, planes.height());
        assertEquals(48, planes.yStride());
        assertEquals(24, planes.uvStride());
        assertEquals(48 * 32, planes.y().length);
    }

    @Test
    void refusesAnInterFrame() throws IOException {
        byte[] vp8 = vp8Payload("lossy.webp");
        vp8[0] |= 1; // frame type bit: 1 is an inter frame
        assertFails(vp8, "not a key frame");
    }

    @Test
    void refusesABadStartCode() throws IOException {
        byte[] vp8 = vp8Payload("lossy.webp");
        vp8[3] = 0;
        assertFails(vp8, "Bad code word");
    }

    @Test
    void refusesAFirstPartitionLongerThanTheData() throws IOException {
        byte[] vp8 = vp8Payload("lossy_photo.webp");
        assertFails(Arrays.copyOf(vp8, 40), "bad partition length");
    }

    @Test
    void refusesTokensThatStopBeforeTheLastMacroblock() throws IOException {
        byte[] vp8 = vp8Payload("lossy_photo.webp");
        assertFails(Arrays.copyOf(vp8, vp8.length * 3 / 4), "Premature end-of-file encountered.");
    }

    private static void assertFails(byte[] vp8, String message) {
        IOException e = assertThrows(IOException.class, () -> Vp8Decoder.decode(vp8, 0, vp8.length));
        assertTrue(e.getMessage().contains(message), () -> "expected '" + message + "' in: " + e.getMessage());
    }

    /** The "VP8 " chunk payload of a simple-format fixture. */
    private static byte[] vp8Payload(String fixture) throws IOException {
        byte[] file;
        try {
            file = Files.readAllBytes(Path.of(Vp8DecoderTest.class.getResource("/fixtures/decode/" + fixture).toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        assertEquals("VP8 ", new String(file, 12, 4, StandardCharsets.US_ASCII));
        int length = (file[16] & 0xFF) | (file[17] & 0xFF) << 8 | (file[18] & 0xFF) << 16 | (file[19] & 0xFF) << 24;
        return Arrays.copyOfRange(file, 20, 20 + length);
    }
}
