package dev.vitface.preprocess;

import java.io.EOFException;
import java.io.IOException;
import javax.imageio.stream.ImageInputStream;

/**
 * Pillow's verdict on a GIF's first frame, which the JDK's decoder does not give: Pillow 9.4 finds
 * the frame by GifImagePlugin's block walk and decodes its LZW data with {@code GifDecode.c}, which
 * fails on a code that is not yet in the table ("broken data stream") and on data that ends,
 * or reaches its end code, before the frame's last pixel ("image file is truncated"). It stops at
 * the last pixel and reads nothing after it. The JDK's decoder fills a frame whose data stops
 * early and skips over bad codes, so this replays Pillow's decoder, counting pixels, before it runs.
 */
final class GifImageData {
    /** GifDecode.c's limits: 12-bit codes, a 4096-entry table and string buffer. */
    private static final int MAX_BITS = 12;
    private static final int TABLE = 1 << MAX_BITS;
    /** {@code ImageFile.decodermaxblock}: the most Pillow reads for its decoder at once. */
    private static final int READ_BLOCK = 65536;
    private static final int EXTENSION = '!';
    private static final int IMAGE = ',';
    private static final int TRAILER = ';';
    private static final int GRAPHIC_CONTROL = 0xF9;
    private static final int COMMENT = 0xFE;
    private static final int APPLICATION = 0xFF;

    private GifImageData() {}

    /** Fails where Pillow fails to decode the first frame. Leaves {@code in} at its start. */
    static void require(ImageInputStream in) throws IOException {
        try {
            replayLzw(in, findFirstFrame(in));
        } catch (EOFException e) {
            throw new IOException("the file ends inside a block before the first frame's image data", e);
        } finally {
            in.seek(0);
        }
    }

    /** GifImagePlugin's walk to the first image descriptor: {width, height, interlaced, LZW code size}. */
    private static int[] findFirstFrame(ImageInputStream in) throws IOException {
        in.seek(10);
        int flags = in.readUnsignedByte();
        in.seek(13);
        if ((flags & 0x80) != 0) in.skipBytes(3 << ((flags & 7) + 1));
        while (true) {
            int tag = in.read();
            if (tag < 0 || tag == TRAILER) throw new IOException("no image in the file");
            if (tag == EXTENSION) {
                int label = in.readUnsignedByte();
                int first = subBlock(in);
                boolean needsData = label == GRAPHIC_CONTROL || label == APPLICATION;
                if (needsData && first == 0) throw new IOException("an empty extension block where data is required");
                if (label == GRAPHIC_CONTROL && first < 3) throw new IOException("a graphic control extension of " + first + " bytes");
                if (label != COMMENT || first > 0) {
                    while (subBlock(in) > 0) {
                        // Pillow reads the remaining sub-blocks of every extension and ignores them.
                    }
                }
            } else if (tag == IMAGE) {
                in.skipBytes(4); // left, top
                int width = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
                int height = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
                int imageFlags = in.readUnsignedByte();
                if ((imageFlags & 0x80) != 0) in.skipBytes(3 << ((imageFlags & 7) + 1));
                int codeSize = in.readUnsignedByte();
                if (width == 0 || height == 0) throw new IOException("the first frame is " + width + "x" + height + " pixels");
                return new int[] {width, height, (imageFlags & 0x40) != 0 ? 1 : 0, codeSize};
            }
            // Pillow skips any other byte between blocks.
        }
    }

    /** Reads one sub-block as Pillow's {@code data()} does and returns its declared length; 0 ends a sequence. */
    private static int subBlock(ImageInputStream in) throws IOException {
        int length = in.read();
        if (length <= 0) return 0;
        in.skipBytes(length);
        return length;
    }

    /**
     * ImagingGifDecode over the rest of the file, counting pixels instead of storing them. Pillow
     * hands its decoder the file 64 KiB at a time; after an end code, or where a sub-block is not
     * yet all there, it reads on if the file has more, and fails if not.
     */
    private static void replayLzw(ImageInputStream in, int[] frame) throws IOException {
        int width = frame[0];
        int height = frame[1];
        int bits = frame[3];
        if (bits > MAX_BITS) throw new IOException("LZW code size " + bits + " is over 12");
        long start = in.getStreamPosition();
        long available = in.length() - start;
        long window = Math.min(READ_BLOCK, available); // what Pillow has read so far
        byte[] buffer = new byte[READ_BLOCK];
        int buffered = 0;
        int used = 0;
        long at = 0; // bytes consumed after start
        int clear = 1 << bits;
        int end = clear + 1;
        int[] link = new int[TABLE];
        int next = 0;
        int codeSize = 0;
        int codeMask = 0;
        int lastCode = 0;
        boolean afterClear = true;
        boolean reset = true;
        int bitBuffer = 0;
        int bitCount = 0;
        int blockLeft = 0;
        long pixels = 0;
        int x = 0;
        Interlace rows = new Interlace(height, frame[2] == 1);
        while (true) {
            if (reset) {
                next = clear + 2;
                codeSize = bits + 1;
                codeMask = (1 << codeSize) - 1;
                afterClear = true;
                reset = false;
            }
            while (bitCount < codeSize) {
                if (used == buffered) {
                    buffered = Math.max(0, in.read(buffer));
                    used = 0;
                }
                if (blockLeft > 0) {
                    bitBuffer |= (buffer[used++] & 0xFF) << bitCount;
                    at++;
                    bitCount += 8;
                    blockLeft--;
                } else {
                    // GifDecode.c starts a sub-block only when all of it is there.
                    int length = at < available ? buffer[used] & 0xFF : 0;
                    while (at >= window || at + length + 1 > window) {
                        if (window >= available) throw truncated(pixels, width, height);
                        window = Math.min(available, window + READ_BLOCK);
                    }
                    blockLeft = length;
                    used++;
                    at++;
                }
            }
            int c = bitBuffer & codeMask;
            bitBuffer >>>= codeSize;
            bitCount -= codeSize;
            if (c == clear) {
                reset = !afterClear;
                continue;
            }
            if (c == end) {
                if (window >= available) throw truncated(pixels, width, height);
                window = Math.min(available, window + READ_BLOCK);
                continue;
            }
            int length = 1;
            if (afterClear) {
                if (c > clear) throw broken(c, pixels);
                lastCode = c;
                afterClear = false;
            } else {
                int thisCode = c;
                if (c > next) throw broken(c, pixels);
                if (c == next) {
                    length++;
                    c = lastCode;
                }
                while (c >= clear) {
                    if (length - 1 >= TABLE || c >= TABLE) throw broken(thisCode, pixels);
                    length++;
                    c = link[c];
                }
                if (next < TABLE) {
                    link[next] = lastCode;
                    if (next == codeMask && codeSize < MAX_BITS) {
                        codeSize++;
                        codeMask = (1 << codeSize) - 1;
                    }
                    next++;
                }
                lastCode = thisCode;
            }
            while (length > 0) {
                int run = Math.min(length, width - x);
                x += run;
                length -= run;
                pixels += run;
                if (x == width) {
                    x = 0;
                    if (!rows.next()) return; // the frame's last pixel: Pillow stops here
                }
            }
        }
    }

    private static IOException truncated(long pixels, int width, int height) {
        return new IOException("image file is truncated: the first frame's data ends after " + pixels + " of "
                + (long) width * height + " pixels");
    }

    private static IOException broken(int code, long pixels) {
        return new IOException("broken LZW data in the first frame: code " + code + " after " + pixels + " pixels");
    }

    /** GifDecode.c's NEWLINE: rows in order, or in the four passes of an interlaced frame. */
    private static final class Interlace {
        private final int height;
        private int y;
        private int step;
        private int pass;

        Interlace(int height, boolean interlaced) {
            this.height = height;
            this.step = interlaced ? 8 : 1;
            this.pass = interlaced ? 1 : 0;
        }

        /** Moves to the next row; false after the last. */
        boolean next() {
            y += step;
            while (y >= height) {
                switch (pass) {
                    case 1 -> { y = 4; pass = 2; }
                    case 2 -> { step = 4; y = 2; pass = 3; }
                    case 3 -> { step = 2; y = 1; pass = 0; }
                    default -> { return false; }
                }
            }
            return true;
        }
    }
}
