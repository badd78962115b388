package dev.vitface.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged files that Pillow 9.4 ({@code Image.open(f).convert("RGB")}) judges otherwise than the
 * JDK's decoders, each checked against Pillow's verdict (from tools/make_decode_mutations.py's
 * recipes, or made by hand and run through Pillow when this test was written).
 */
class ImageDecoderVerdictTest {
    private static final ImageDecoder DECODER = ImageDecoder.defaults();

    @TempDir
    Path dir;

    @Test
    void pngCutShortInIendIsReadAsPillowReadsIt() throws IOException {
        byte[] png = fixture("gray8.png");
        assertDecodesLikeTheWholeFile("gray8.png", Arrays.copyOf(png, png.length - 6));
    }

    @Test
    void pngCutShortInTheZlibChecksumIsReadAsPillowReadsIt() throws IOException {
        // Pillow stops inflating at the last row and never reads the Adler-32 after it.
        byte[] png = fixture("graya8.png"); // IDAT data ends at byte 1482, 2 bytes into its checksum
        assertDecodesLikeTheWholeFile("graya8.png", Arrays.copyOf(png, 1480));
    }

    @Test
    void pngChunkWithBadCrcAfterTheImageDataIsIgnored() throws IOException {
        assertDecodesLikeTheWholeFile("rgb8.png", beforeIend(fixture("rgb8.png"), chunkWithBadCrc()));
    }

    @Test
    void pngGarbageAfterTheImageDataIsIgnored() throws IOException {
        byte[] garbage = new byte[20];
        Arrays.fill(garbage, (byte) 0xFF);
        assertDecodesLikeTheWholeFile("rgb8.png", beforeIend(fixture("rgb8.png"), garbage));
    }

    @Test
    void pngChunkCutShortAfterTheImageDataIsRefused() throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        text.writeBytes(ByteBuffer.allocate(4).putInt(50).array());
        text.writeBytes("tEXta\0bc".getBytes(StandardCharsets.ISO_8859_1));
        byte[] png = fixture("rgb8.png");
        byte[] cut = Arrays.copyOf(png, png.length - 12 + text.size()); // IEND replaced by a chunk the file ends inside
        System.arraycopy(text.toByteArray(), 0, cut, png.length - 12, text.size());
        assertRefused(write("cut-text.png", cut), "the tEXt chunk at byte 2269 declares 50 bytes, the file ends after 4");
    }

    @Test
    void pngChunkWithBadCrcBeforeTheImageDataIsRefused() throws IOException {
        byte[] png = fixture("rgb8.png");
        byte[] bad = chunkWithBadCrc();
        byte[] file = new byte[png.length + bad.length];
        System.arraycopy(png, 0, file, 0, 33); // signature and IHDR
        System.arraycopy(bad, 0, file, 33, bad.length);
        System.arraycopy(png, 33, file, 33 + bad.length, png.length - 33);
        assertRefused(write("bad-crc.png", file), "bad CRC in the tEXt chunk");
    }

    @Test
    void gifCutInsideItsLastSubBlockIsRefused() throws IOException {
        byte[] gif = fixture("palette.gif"); // 1354 bytes: the last sub-block, its terminator, the trailer
        assertRefused(write("cut.gif", Arrays.copyOf(gif, gif.length - 3)), "image file is truncated");
    }

    @Test
    void gifCutAfterItsLastPixelIsRead() throws IOException {
        byte[] gif = fixture("palette.gif");
        assertDecodesLikeTheWholeFile("palette.gif", Arrays.copyOf(gif, gif.length - 2));
    }

    @Test
    void gifWithACodeNotYetInTheTableIsRefused() throws IOException {
        byte[] gif = fixture("gray.gif");
        gif[1783] ^= 1; // mutation 61 of decode-mutations.json: "broken data stream" in Pillow
        assertRefused(write("broken.gif", gif), "broken LZW data in the first frame");
    }

    @Test
    void webpWithoutAnImageChunkIsRefused() throws IOException {
        byte[] webp = fixture("lossy_alpha.webp"); // VP8X, ALPH, then "VP8 " at byte 62
        webp[62] ^= 0x40; // the chunk is now "\x16P8 ", unknown; libwebp's demuxer finds no frame
        assertRefused(write("no-frame.webp", webp), "no VP8 or VP8L image chunk");
    }

    @Test
    void baselineJpegWhoseEoiBecameAnotherMarkerIsReadAsPillowReadsIt() throws IOException {
        // EOI (FF D9) turned into DQT, DRI and RST1: libjpeg-turbo has every row and then waits for
        // the marker's data; Pillow accepts. Mutations 17 and 688 of decode-mutations.json.
        for (int bit : new int[] {0x02, 0x04, 0x08}) {
            byte[] jpeg = fixture("ycc420.jpg");
            jpeg[jpeg.length - 1] ^= (byte) bit;
            assertDecodesLikeTheWholeFile("ycc420.jpg", jpeg);
        }
    }

    @Test
    void jpegWhoseEoiBecameSoiIsRefused() throws IOException {
        byte[] jpeg = fixture("ycc420.jpg");
        jpeg[jpeg.length - 1] ^= 0x01; // FF D8: "broken data stream" in Pillow
        assertThrows(ImageDecodeException.class, () -> DECODER.decode(write("soi.jpg", jpeg)));
    }

    @Test
    void progressiveJpegWhoseEoiBecameAnotherMarkerIsRefused() throws IOException {
        byte[] jpeg = fixture("ycc420_progressive.jpg");
        jpeg[jpeg.length - 1] ^= 0x02; // all scans are read before the first row: "image file is truncated"
        assertThrows(ImageDecodeException.class, () -> DECODER.decode(write("progressive.jpg", jpeg)));
    }

    private void assertDecodesLikeTheWholeFile(String fixture, byte[] damaged) throws IOException {
        RgbImage expected = DECODER.decode(Fixtures.path("decode/" + fixture + ".decoded.png"));
        RgbImage actual = DECODER.decode(write("damaged-" + fixture, damaged));
        assertEquals(expected.width(), actual.width());
        assertEquals(expected.height(), actual.height());
        assertArrayEquals(expected.rgb(), actual.rgb());
    }

    private static void assertRefused(Path file, String fault) {
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> DECODER.decode(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fault), "expected '" + fault + "' in: " + e.getMessage());
    }

    /** A tEXt chunk ("a" = "bcd") whose CRC is zero. */
    private static byte[] chunkWithBadCrc() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(4).putInt(5).array());
        out.writeBytes("tEXta\0bcd".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(new byte[4]);
        return out.toByteArray();
    }

    /** The PNG with {@code inserted} between its last IDAT chunk and IEND (its last 12 bytes). */
    private static byte[] beforeIend(byte[] png, byte[] inserted) {
        byte[] out = Arrays.copyOf(png, png.length + inserted.length);
        System.arraycopy(inserted, 0, out, png.length - 12, inserted.length);
        System.arraycopy(png, png.length - 12, out, png.length - 12 + inserted.length, 12);
        return out;
    }

    private static byte[] fixture(String name) throws IOException {
        return Files.readAllBytes(Fixtures.path("decode/" + name));
    }

    private Path write(String name, byte[] data) throws IOException {
        return Files.write(dir.resolve(name), data);
    }
}
