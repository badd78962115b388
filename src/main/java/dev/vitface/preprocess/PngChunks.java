package dev.vitface.preprocess;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import javax.imageio.stream.ImageInputStream;

/**
 * A PNG's chunks judged as Pillow 9.4 judges them (PngImagePlugin with its default
 * {@code LOAD_TRUNCATED_IMAGES = False}), so that a damaged file gets Pillow's verdict:
 *
 * <ul>
 *   <li>Before the image data every chunk must be whole, carry a valid type and the right CRC, and
 *       hold what Pillow's handler for its type reads (13 IHDR bytes, a tRNS sample...).
 *   <li>The image data is the first run of consecutive IDAT chunks; their CRCs are not checked.
 *   <li>After it, Pillow reads on until IEND or a chunk header it cannot parse, and stops there
 *       without complaint; CRCs are not checked, but a chunk it does read must be whole and hold
 *       what its handler reads.
 * </ul>
 *
 * The JDK's PNG decoder reads every chunk up to IEND and fails on damage after the image data, so
 * it is given {@link #decoderView a view of the file} that ends with the image data; and it is
 * stricter with the compressed data than Pillow, which stops inflating once it has every row,
 * so {@link #decoderView} replays Pillow's inflation for the verdict. APNG's control chunks are not
 * judged: Pillow plays animations, this decoder returns the default image.
 */
final class PngChunks {
    private static final int SIGNATURE_LENGTH = 8;
    private static final int IDAT = type("IDAT");
    private static final int IEND = type("IEND");
    private static final int IHDR = type("IHDR");
    private static final int COLOUR_GREY = 0;
    private static final int COLOUR_RGB = 2;
    private static final Set<String> CONTENT_JUDGED = Set.of("IHDR", "iCCP", "zTXt");
    private static final int CRC_BLOCK = 65536;
    /** What follows the IDAT data the decoder is given: a CRC of zeros, then an empty IEND chunk. */
    private static final byte[] CRC_THEN_IEND = {0, 0, 0, 0, 0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};

    /** The IHDR chunk's data (13 bytes: width, height, bit depth, colour type, methods, interlace). */
    private final byte[] header;
    /** Each IDAT chunk of the image data: where its data starts in the file and how long it says it is. */
    private final List<long[]> imageData;
    /** Where the last IDAT chunk's data ends (at its CRC), which may lie past the end of the file. */
    private final long dataEnd;

    private PngChunks(byte[] header, List<long[]> imageData, long dataEnd) {
        this.header = header;
        this.imageData = imageData;
        this.dataEnd = dataEnd;
    }

    /** Judges the chunks around the image data as Pillow does. Leaves {@code in} at its start. */
    static PngChunks read(ImageInputStream in) throws IOException {
        ByteOrder saved = in.getByteOrder();
        try {
            in.setByteOrder(ByteOrder.BIG_ENDIAN);
            long fileLength = in.length();
            if (fileLength < 0) throw new IOException("the PNG's length is unknown");
            return walk(in, fileLength);
        } finally {
            in.setByteOrder(saved);
            in.seek(0);
        }
    }

    int width() {
        return header.length >= 8 ? ByteBuffer.wrap(header).getInt(0) : 0;
    }

    int height() {
        return header.length >= 8 ? ByteBuffer.wrap(header).getInt(4) : 0;
    }

    /**
     * Inflates the image data as Pillow does, fails where Pillow fails (see {@link PngRows}), and
     * returns what the JDK's decoder is given: the file up to the compressed data Pillow used, then
     * IEND, so that the decoder neither reads nor fails on what Pillow does not read: the rest of
     * the zlib stream (its checksum included) and the chunks after it. Reads of the rest of the IDAT
     * chunk's data find the end of the stream; its CRC reads as zeros (the decoder does not check
     * CRCs). Call it after the size check: it inflates all the rows.
     */
    ImageInputStream decoderView(ImageInputStream in) throws IOException {
        if (header.length < 13) throw new IOException("the IHDR chunk is missing");
        long used = PngRows.require(in, imageData, width(), height(), header[8] & 0xFF, header[9] & 0xFF, header[12] != 0);
        long fileLength = in.length();
        for (long[] chunk : imageData) {
            long start = chunk[0];
            long end = start + chunk[1];
            if (used <= end) return new FilePrefixStream(in, Math.min(used, fileLength), end, CRC_THEN_IEND);
            // Pillow reads the IDAT chunks it did not need after the image, as whole chunks.
            if (end > fileLength) throw new IOException("the IDAT chunk at byte " + (start - 8) + " is cut off");
        }
        throw new IllegalStateException("the inflated data ends after the last IDAT chunk");
    }

    private static PngChunks walk(ImageInputStream in, long fileLength) throws IOException {
        byte[] header = new byte[0];
        long at = SIGNATURE_LENGTH;
        while (true) { // before the image data: PngImageFile._open
            if (at + 8 > fileLength) throw new IOException("the file ends before the image data (at byte " + at + ")");
            in.seek(at);
            long length = in.readUnsignedInt();
            int type = in.readInt();
            if (!isChunkType(type)) throw new IOException("broken chunk header at byte " + at + " (type " + typeName(type) + ")");
            if (type == IDAT) break;
            if (type == IEND) throw new IOException("no image data before IEND");
            requireWhole(in, at, length, fileLength);
            byte[] data = content(in, type, at, length);
            if (type == IHDR) header = data;
            if (type == IHDR && data.length >= 8 && (data[0] < 0 || data[4] < 0)) {
                throw new IOException("the IHDR chunk says " + Integer.toUnsignedString(ByteBuffer.wrap(data).getInt(0)) + "x"
                        + Integer.toUnsignedString(ByteBuffer.wrap(data).getInt(4)) + " pixels, a decompression bomb");
            }
            String fault = contentFault(type, length, data, colourType(header));
            if (fault != null) throw new IOException(fault);
            if (at + 12 + length > fileLength) throw new IOException("the " + typeName(type) + " chunk's CRC is cut off");
            if (!crcMatches(in, at, length)) throw new IOException("bad CRC in the " + typeName(type) + " chunk");
            at += 12 + length;
        }
        List<long[]> imageData = new ArrayList<>();
        long dataEnd;
        do { // the image data: the decoder reads IDAT after IDAT
            in.seek(at);
            long length = in.readUnsignedInt();
            imageData.add(new long[] {at + 8, length});
            dataEnd = at + 8 + length;
            at = dataEnd + 4;
        } while (at + 8 <= fileLength && nextType(in, at) == IDAT);
        while (at + 8 <= fileLength) { // after the image data: PngImageFile.load_end
            in.seek(at);
            long length = in.readUnsignedInt();
            int type = in.readInt();
            if (!isChunkType(type) || type == IEND) break;
            requireWhole(in, at, length, fileLength);
            String fault = contentFault(type, length, content(in, type, at, length), colourType(header));
            if (fault != null) throw new IOException(fault + " (after the image data)");
            at += 12 + length;
        }
        return new PngChunks(header, imageData, dataEnd);
    }

    private static int colourType(byte[] header) {
        return header.length >= 10 ? header[9] & 0xFF : -1;
    }

    /**
     * What Pillow's handler for this chunk type cannot read, or null. Only the faults of chunks that
     * still image files use; the handlers' other checks look at values no file holds by accident.
     *
     * @param data the chunk's data for the types whose content is judged (see {@link #content}), else null
     */
    private static String contentFault(int type, long length, byte[] data, int colourType) {
        String name = typeName(type);
        int need = switch (name) {
            case "IHDR" -> 13;
            case "gAMA" -> 4;
            case "sRGB", "iCCP" -> 1;
            case "pHYs" -> 9;
            case "tRNS" -> colourType == COLOUR_GREY ? 2 : colourType == COLOUR_RGB ? 6 : 0;
            default -> 0;
        };
        if (length < need) return "the " + name + " chunk has " + length + " bytes, too few";
        if (name.equals("cHRM") && length % 4 != 0) return "the cHRM chunk's length " + length + " is not a multiple of 4";
        if (type == IHDR && data[11] != 0) return "unknown filter method " + (data[11] & 0xFF) + " in IHDR";
        // Pillow takes the compression method from the keyword's NUL terminator (always 0), or,
        // without one, from the last byte.
        if (name.equals("iCCP") && indexOfNul(data) < 0 && data[data.length - 1] != 0) {
            return "unknown compression method in the iCCP chunk";
        }
        if (name.equals("zTXt")) {
            int nul = indexOfNul(data);
            if (nul >= 0 && nul + 1 < data.length && data[nul + 1] != 0) return "unknown compression method in a zTXt chunk";
        }
        return null;
    }

    /** The file must hold all of the chunk's data (else Pillow's "Truncated File Read"). */
    private static void requireWhole(ImageInputStream in, long at, long length, long fileLength) throws IOException {
        if (at + 8 + length > fileLength) {
            throw new IOException("the " + typeName(nextType(in, at)) + " chunk at byte " + at + " declares " + length
                    + " bytes, the file ends after " + (fileLength - at - 8));
        }
    }

    /** The data of the chunk types whose content is judged (IHDR, iCCP, zTXt); null for the others. */
    private static byte[] content(ImageInputStream in, int type, long at, long length) throws IOException {
        if (!CONTENT_JUDGED.contains(typeName(type))) return null;
        byte[] data = new byte[Math.toIntExact(length)];
        in.seek(at + 8);
        in.readFully(data);
        return data;
    }

    /** Whether the CRC after a whole chunk is that of its type and data. */
    private static boolean crcMatches(ImageInputStream in, long at, long length) throws IOException {
        CRC32 crc = new CRC32();
        byte[] block = new byte[(int) Math.min(CRC_BLOCK, 4 + length)];
        in.seek(at + 4);
        for (long left = 4 + length; left > 0; ) {
            int n = (int) Math.min(block.length, left);
            in.readFully(block, 0, n);
            crc.update(block, 0, n);
            left -= n;
        }
        return in.readUnsignedInt() == crc.getValue();
    }

    private static int nextType(ImageInputStream in, long at) throws IOException {
        in.seek(at + 4);
        return in.readInt();
    }

    /** Pillow's {@code re.compile(rb"\w\w\w\w").match}: four ASCII letters, digits or underscores. */
    private static boolean isChunkType(int type) {
        for (byte b : ascii(type)) {
            boolean word = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_';
            if (!word) return false;
        }
        return true;
    }

    private static int indexOfNul(byte[] data) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == 0) return i;
        }
        return -1;
    }

    private static byte[] ascii(int type) {
        return new byte[] {(byte) (type >>> 24), (byte) (type >>> 16), (byte) (type >>> 8), (byte) type};
    }

    private static String typeName(int type) {
        return isChunkType(type) ? new String(ascii(type), StandardCharsets.US_ASCII) : String.format("0x%08x", type);
    }

    private static int type(String name) {
        byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }
}
