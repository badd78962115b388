package dev.vitface.preprocess;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.stream.ImageInputStream;

/**
 * Finds the EXIF orientation (tag 0x0112 of IFD0) where Pillow's {@code getexif()} finds it: a
 * JPEG's APP1 "Exif" segment, a PNG's eXIf chunk, a WebP's EXIF chunk. Anything missing or
 * malformed means {@link Orientation#NORMAL}: orientation is a hint, never a reason to fail.
 */
final class ExifOrientation {
    private static final int ORIENTATION_TAG = 0x0112;
    private static final int TYPE_SHORT = 3;
    private static final byte[] EXIF_PREFIX = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final int MAX_EXIF_BYTES = 1 << 20;

    private ExifOrientation() {}

    /** Reads the stream from its start and leaves it there. {@code format} is ImageIO's format name. */
    static Orientation find(ImageInputStream in, String format, JpegHeader jpegHeader) throws IOException {
        byte[] tiff = switch (format) {
            case "jpeg" -> jpegHeader.exif();
            case "png" -> pngExif(in);
            case "webp" -> webpExif(in);
            default -> null;
        };
        return tiff == null ? Orientation.NORMAL : Orientation.fromExif(orientationTag(tiff));
    }

    /** The value of the orientation tag in a TIFF-structured EXIF block, or 1 when absent. */
    static int orientationTag(byte[] exif) {
        byte[] tiff = startsWith(exif, EXIF_PREFIX) ? Arrays.copyOfRange(exif, EXIF_PREFIX.length, exif.length) : exif;
        if (tiff.length < 8) return 1;
        ByteOrder order;
        if (tiff[0] == 'I' && tiff[1] == 'I') order = ByteOrder.LITTLE_ENDIAN;
        else if (tiff[0] == 'M' && tiff[1] == 'M') order = ByteOrder.BIG_ENDIAN;
        else return 1;
        long ifd = u32(tiff, 4, order);
        if (ifd < 8 || ifd + 2 > tiff.length) return 1;
        int entries = u16(tiff, (int) ifd, order);
        for (int e = 0; e < entries; e++) {
            int at = (int) ifd + 2 + 12 * e;
            if (at + 12 > tiff.length) return 1;
            if (u16(tiff, at, order) == ORIENTATION_TAG) {
                return u16(tiff, at + 2, order) == TYPE_SHORT ? u16(tiff, at + 8, order) : 1;
            }
        }
        return 1;
    }

    /** The data of the first eXIf chunk (it may follow the image data). */
    private static byte[] pngExif(ImageInputStream in) throws IOException {
        ByteOrder saved = in.getByteOrder();
        try {
            in.setByteOrder(ByteOrder.BIG_ENDIAN);
            in.seek(8);
            while (true) {
                long length = in.readUnsignedInt();
                int type = in.readInt();
                if (type == fourCc("eXIf") && length <= MAX_EXIF_BYTES) return readBytes(in, (int) length);
                if (type == fourCc("IEND")) return null;
                in.seek(in.getStreamPosition() + length + 4); // data and CRC
            }
        } catch (EOFException e) {
            return null;
        } finally {
            in.setByteOrder(saved);
            in.seek(0);
        }
    }

    /** The data of the EXIF chunk of a RIFF WebP file. */
    private static byte[] webpExif(ImageInputStream in) throws IOException {
        ByteOrder saved = in.getByteOrder();
        try {
            in.setByteOrder(ByteOrder.LITTLE_ENDIAN);
            in.seek(12); // "RIFF", size, "WEBP"
            while (true) {
                int type = in.readInt();
                long length = in.readUnsignedInt();
                if (type == Integer.reverseBytes(fourCc("EXIF")) && length <= MAX_EXIF_BYTES) return readBytes(in, (int) length);
                in.seek(in.getStreamPosition() + length + (length & 1)); // chunks are padded to even sizes
            }
        } catch (EOFException e) {
            return null;
        } finally {
            in.setByteOrder(saved);
            in.seek(0);
        }
    }

    private static byte[] readBytes(ImageInputStream in, int length) throws IOException {
        byte[] data = new byte[length];
        in.readFully(data);
        return data;
    }

    private static int fourCc(String code) {
        byte[] b = code.getBytes(StandardCharsets.ISO_8859_1);
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    private static int u16(byte[] b, int at, ByteOrder order) {
        int hi = b[at] & 0xFF;
        int lo = b[at + 1] & 0xFF;
        return order == ByteOrder.BIG_ENDIAN ? hi << 8 | lo : lo << 8 | hi;
    }

    private static long u32(byte[] b, int at, ByteOrder order) {
        long first = u16(b, at, order);
        long second = u16(b, at + 2, order);
        return order == ByteOrder.BIG_ENDIAN ? first << 16 | second : second << 16 | first;
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }
}
