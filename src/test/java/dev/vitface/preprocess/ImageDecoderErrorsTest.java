package dev.vitface.preprocess;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input gives one exception type whose message names the file and the problem; never an OOM. */
class ImageDecoderErrorsTest {
    private static final ImageDecoder DECODER = ImageDecoder.defaults();

    @TempDir
    Path dir;

    @Test
    void missingFile() {
        assertFails(dir.resolve("nope.png"), "no such file");
    }

    @Test
    void directory() {
        assertFails(dir, "not a regular file");
    }

    @Test
    void emptyFile() throws IOException {
        assertFails(Files.write(dir.resolve("empty.jpg"), new byte[0]), "empty file");
    }

    @Test
    void textFile() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.png"), "these are not pixels\n".repeat(20));
        assertFails(text, "not an image file");
    }

    @Test
    void tiffIsNamedAsUnsupported() throws IOException {
        Path tiff = dir.resolve("image.tif");
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_3BYTE_BGR), "tiff", tiff.toFile());
        assertFails(tiff, "TIF images are not supported");
    }

    @ParameterizedTest
    @ValueSource(strings = {"preprocess/astronaut.png", "preprocess/rocket.jpg", "decode/ycc420_progressive.jpg",
            "decode/palette.gif", "decode/rgb24.bmp", "decode/lossless.webp", "decode/lossy.webp"})
    void truncatedFile(String fixture) throws IOException {
        byte[] whole = Files.readAllBytes(Fixtures.path(fixture));
        Path cut = Files.write(dir.resolve("cut-" + Path.of(fixture).getFileName()), Arrays.copyOf(whole, whole.length / 2));
        assertFails(cut, "truncated");
    }

    @Test
    void lossyWebpFrameMustFillTheVp8xCanvas() throws IOException {
        byte[] file = Files.readAllBytes(Fixtures.path("decode/lossy_alpha.webp")); // VP8X, ALPH, VP8: 37x23
        file[24] = 35; // canvas width - 1 (VP8X payload bytes 4..6)
        assertFails(Files.write(dir.resolve("canvas.webp"), file), "the VP8 frame is 37x23, the VP8X canvas 36x23");
    }

    @Test
    void webpChunkMustFitInTheRiffData() throws IOException {
        byte[] file = Files.readAllBytes(Fixtures.path("decode/lossy.webp"));
        file[17] += 1; // the VP8 chunk's size + 256, past the end of the RIFF data
        assertFails(Files.write(dir.resolve("chunk.webp"), file), "the VP8 chunk runs past the RIFF data");
    }

    @Test
    void refusesOversizeDimensionsBeforeDecoding() throws IOException {
        // 100000 x 100000 would need 30 GB of samples; the header alone must be enough to refuse it.
        Path bomb = Files.write(dir.resolve("bomb.png"), png(100_000, 100_000));
        ImageDecodeException e = assertFails(bomb, "100000x100000 is 10000000000 pixels");
        assertTrue(e.getMessage().contains("over the limit of " + ImageDecoder.DEFAULT_PIXEL_LIMIT), e.getMessage());
    }

    @Test
    void pixelLimitIsConfigurable() throws IOException {
        Path image = Fixtures.path("decode/rgb8.png"); // 37 x 23 = 851 pixels
        assertEquals(37, DECODER.withPixelLimit(851).decode(image).width());
        assertFails(DECODER.withPixelLimit(850), image, "37x23 is 851 pixels, over the limit of 850");
    }

    @Test
    void defaultLimitIsTwicePillows() {
        assertEquals(2 * 89_478_485L, ImageDecoder.defaults().pixelLimit());
    }

    private static ImageDecodeException assertFails(Path file, String problem) {
        return assertFails(DECODER, file, problem);
    }

    private static ImageDecodeException assertFails(ImageDecoder decoder, Path file, String problem) {
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.decode(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), "expected '" + problem + "' in: " + e.getMessage());
        if (Files.isRegularFile(file)) assertFailsInMemory(decoder, file, e.problem());
        return e;
    }

    /**
     * The file's bytes from memory fail with the same problem, named by the caller's label (an
     * empty array has its own message: ImageDecoderBytesTest).
     */
    private static void assertFailsInMemory(ImageDecoder decoder, Path file, String problem) {
        byte[] data = assertDoesNotThrow(() -> Files.readAllBytes(file));
        if (data.length == 0) return;
        String label = "/bucket/" + file.getFileName();
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> decoder.decode(data, label));
        assertEquals(label + ": " + problem, e.getMessage());
        assertEquals(problem, e.problem());
    }

    /** An RGB PNG whose header claims the given size, with a few bytes of real image data. */
    private static byte[] png(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2).array());
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[3 * 64 + 1]);
        deflater.finish();
        byte[] compressed = new byte[256];
        int n = deflater.deflate(compressed);
        chunk(out, "IDAT", Arrays.copyOf(compressed, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
