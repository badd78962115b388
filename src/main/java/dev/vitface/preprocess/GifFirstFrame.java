package dev.vitface.preprocess;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.stream.ImageInputStream;

/**
 * A GIF's first frame as Pillow 9.4 reads it (GifImagePlugin, then {@code GifDecode.c} through
 * {@link GifLzw}), and {@code convert("RGB")} of it.
 *
 * <p>Pillow returns the logical screen, enlarged if the frame sticks out of it, with the frame at
 * its offset and every other pixel set to the frame's transparent index if it has one, else to
 * index 0 (the background index is not used). Indices are looked up in the frame's local colour
 * table, else the global one; entries past the table, and every entry without one, are grey.
 * Between blocks Pillow skips bytes it does not know, and a frame whose data ends after its last
 * pixel is whole: the JDK's decoder differs on both, so it is not used.
 *
 * @param width      the image: the logical screen, enlarged to hold the frame
 * @param fillIndex  the transparent index of the frame's graphic control extension, else 0
 * @param palette    256 entries, 0xRRGGBB
 * @param dataOffset where the LZW data starts: after the LZW minimum code size byte
 */
record GifFirstFrame(int width, int height, int left, int top, int frameWidth, int frameHeight, boolean interlaced,
        int codeSize, int fillIndex, int[] palette, long dataOffset) {
    private static final int EXTENSION = '!';
    private static final int IMAGE = ',';
    private static final int TRAILER = ';';
    private static final int GRAPHIC_CONTROL = 0xF9;
    private static final int COMMENT = 0xFE;
    private static final int APPLICATION = 0xFF;
    private static final int COLOUR_TABLE_FLAG = 0x80;
    private static final int INTERLACE_FLAG = 0x40;
    private static final int TRANSPARENCY_FLAG = 0x01;

    /** GifImagePlugin's walk to the first image descriptor ({@code _open}, {@code _seek(0)}); reads no pixels. */
    static GifFirstFrame read(ImageInputStream in) throws IOException {
        try {
            in.seek(6);
            int screenWidth = u16(in);
            int screenHeight = u16(in);
            int flags = in.readUnsignedByte();
            in.seek(13);
            byte[] globalTable = (flags & COLOUR_TABLE_FLAG) != 0 ? readTable(in, flags) : null;
            int fillIndex = 0;
            while (true) {
                int tag = in.read();
                if (tag < 0 || tag == TRAILER) throw new IOException("no image in the file");
                if (tag == EXTENSION) {
                    int label = in.readUnsignedByte();
                    byte[] block = subBlock(in);
                    if (label == GRAPHIC_CONTROL) {
                        if (block == null || block.length < 3) throw new IOException("a graphic control extension without its 4 bytes");
                        if ((block[0] & TRANSPARENCY_FLAG) != 0) {
                            if (block.length < 4) throw new IOException("a graphic control extension without its transparent index");
                            fillIndex = block[3] & 0xFF;
                        }
                    } else if (label == APPLICATION) {
                        if (block == null) throw new IOException("an application extension without data");
                        if (startsWith(block, "NETSCAPE2.0") && subBlock(in) == null) {
                            throw new IOException("a NETSCAPE2.0 extension without its loop block");
                        }
                    }
                    if (label != COMMENT || block != null) {
                        // Pillow reads the remaining sub-blocks and ignores them.
                        while (subBlock(in) != null) { }
                    }
                } else if (tag == IMAGE) {
                    int left = u16(in);
                    int top = u16(in);
                    int frameWidth = u16(in);
                    int frameHeight = u16(in);
                    int imageFlags = in.readUnsignedByte();
                    byte[] localTable = (imageFlags & COLOUR_TABLE_FLAG) != 0 ? readTable(in, imageFlags) : null;
                    int codeSize = in.readUnsignedByte();
                    if (frameWidth == 0 || frameHeight == 0) {
                        throw new IOException("the first frame is " + frameWidth + "x" + frameHeight + " pixels");
                    }
                    return new GifFirstFrame(Math.max(screenWidth, left + frameWidth), Math.max(screenHeight, top + frameHeight),
                            left, top, frameWidth, frameHeight, (imageFlags & INTERLACE_FLAG) != 0, codeSize, fillIndex,
                            lookup(localTable != null ? localTable : globalTable), in.getStreamPosition());
                }
                // Pillow skips any other byte between blocks.
            }
        } catch (EOFException e) {
            throw new IOException("the file ends before the first frame's image data", e);
        }
    }

    /** The image: the frame's pixels decoded and placed on the canvas, looked up in the palette. */
    RgbImage decode(ImageInputStream in) throws IOException {
        byte[] indices = new byte[Math.multiplyExact(width, height)];
        if (fillIndex != 0) Arrays.fill(indices, (byte) fillIndex);
        GifLzw.decode(in, dataOffset, codeSize, interlaced, frameWidth, frameHeight, indices, top * width + left, width);
        RgbImage image = RgbImage.blank(width, height);
        byte[] rgb = image.rgb();
        for (int i = 0, o = 0; i < indices.length; i++, o += 3) {
            int colour = palette[indices[i] & 0xFF];
            rgb[o] = (byte) (colour >>> 16);
            rgb[o + 1] = (byte) (colour >>> 8);
            rgb[o + 2] = (byte) colour;
        }
        return image;
    }

    /** A colour table of 2^(size + 1) entries; shorter if the file ends inside it, as Pillow reads it. */
    private static byte[] readTable(ImageInputStream in, int flags) throws IOException {
        return readUpTo(in, 3 << ((flags & 7) + 1));
    }

    /** Up to {@code length} bytes: fewer where the file ends, as Python's {@code read(n)}. */
    private static byte[] readUpTo(ImageInputStream in, int length) throws IOException {
        byte[] data = new byte[length];
        int n = 0;
        while (n < length) {
            int read = in.read(data, n, length - n);
            if (read < 0) break;
            n += read;
        }
        return n == length ? data : Arrays.copyOf(data, n);
    }

    /** Pillow's palette: the grey ramp, overwritten by the table's entries. */
    private static int[] lookup(byte[] table) {
        int[] lookup = new int[256];
        for (int i = 0; i < lookup.length; i++) lookup[i] = i << 16 | i << 8 | i;
        if (table != null) {
            for (int i = 0; i < Math.min(256, table.length / 3); i++) {
                lookup[i] = (table[3 * i] & 0xFF) << 16 | (table[3 * i + 1] & 0xFF) << 8 | (table[3 * i + 2] & 0xFF);
            }
        }
        return lookup;
    }

    /** GifImagePlugin's {@code data()}: a sub-block's bytes (fewer if the file ends), or null for length 0 or the end. */
    private static byte[] subBlock(ImageInputStream in) throws IOException {
        int length = in.read();
        if (length <= 0) return null;
        return readUpTo(in, length);
    }

    private static boolean startsWith(byte[] block, String prefix) {
        if (block.length < prefix.length()) return false;
        for (int i = 0; i < prefix.length(); i++) {
            if (block[i] != prefix.charAt(i)) return false;
        }
        return true;
    }

    private static int u16(ImageInputStream in) throws IOException {
        return in.readUnsignedByte() | in.readUnsignedByte() << 8;
    }
}
