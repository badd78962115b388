package dev.vitface.preprocess;

import java.io.IOException;
import javax.imageio.stream.ImageInputStream;

/**
 * A GIF frame's LZW data decoded as Pillow 9.4's {@code GifDecode.c} decodes it, verdict included:
 * it fails on a code that is not yet in the table ("broken data stream"), and on data that ends,
 * or whose end code comes, before the frame's last pixel ("image file is truncated"); it stops at
 * the last pixel and reads nothing after it. Pixel values are the codes' low 8 bits, as Pillow
 * stores them.
 *
 * <p>Pillow hands its decoder the file 64 KiB at a time ({@code ImageFile.decodermaxblock}); the
 * decoder starts a sub-block only when all of it is there, and returns at an end code. Either way
 * Pillow reads on if the file has more, and fails if not; this reads the same way.
 */
final class GifLzw {
    /** GifDecode.c's limits: 12-bit codes, a 4096-entry table and string buffer. */
    private static final int MAX_BITS = 12;
    private static final int TABLE = 1 << MAX_BITS;
    private static final int READ_BLOCK = 65536;

    private final ImageInputStream in;
    private final long available;
    private final byte[] buffer = new byte[READ_BLOCK];
    private int buffered;
    private int used;
    /** Bytes of LZW data consumed, and how many of them Pillow would have read so far. */
    private long consumed;
    private long window;

    private GifLzw(ImageInputStream in, long dataOffset) throws IOException {
        this.in = in;
        this.available = Math.max(0, in.length() - dataOffset);
        this.window = Math.min(READ_BLOCK, available);
        in.seek(dataOffset);
    }

    /**
     * Writes the frame's {@code width × height} indices into {@code canvas}, whose rows are
     * {@code stride} bytes, with the frame's top left pixel at {@code origin}.
     *
     * @param bits the LZW minimum code size byte
     */
    static void decode(ImageInputStream in, long dataOffset, int bits, boolean interlaced, int width, int height,
            byte[] canvas, int origin, int stride) throws IOException {
        if (bits > MAX_BITS) throw new IOException("LZW code size " + bits + " is over 12");
        new GifLzw(in, dataOffset).run(bits, new Rows(height, interlaced), width, canvas, origin, stride);
    }

    private void run(int bits, Rows rows, int width, byte[] canvas, int origin, int stride) throws IOException {
        long total = (long) width * rows.height;
        int clear = 1 << bits;
        int end = clear + 1;
        int[] prefix = new int[TABLE];
        byte[] suffix = new byte[TABLE];
        byte[] string = new byte[TABLE]; // filled from the right, as GifDecode.c's buffer
        int next = 0;
        int codeSize = 0;
        int codeMask = 0;
        int lastCode = 0;
        byte lastData = 0;
        boolean afterClear = true;
        boolean reset = true;
        int bitBuffer = 0;
        int bitCount = 0;
        int blockLeft = 0;
        long pixels = 0;
        int x = 0;
        int rowStart = origin;
        while (true) {
            if (reset) {
                next = clear + 2;
                codeSize = bits + 1;
                codeMask = (1 << codeSize) - 1;
                afterClear = true;
                reset = false;
            }
            while (bitCount < codeSize) {
                if (blockLeft > 0) {
                    bitBuffer |= nextByte() << bitCount;
                    bitCount += 8;
                    blockLeft--;
                } else {
                    int length = consumed < available ? peekByte() : 0;
                    while (consumed >= window || consumed + length + 1 > window) {
                        if (!readOn()) throw truncated(pixels, total);
                    }
                    blockLeft = nextByte();
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
                if (!readOn()) throw truncated(pixels, total);
                continue;
            }
            int start = TABLE;
            if (afterClear) {
                if (c > clear) throw broken(c, pixels);
                lastData = (byte) c;
                lastCode = c;
                afterClear = false;
            } else {
                int thisCode = c;
                if (c > next) throw broken(c, pixels);
                if (c == next) {
                    string[--start] = lastData;
                    c = lastCode;
                }
                while (c >= clear) {
                    if (start <= 0 || c >= TABLE) throw broken(thisCode, pixels);
                    string[--start] = suffix[c];
                    c = prefix[c];
                }
                lastData = (byte) c;
                if (next < TABLE) {
                    suffix[next] = (byte) c;
                    prefix[next] = lastCode;
                    if (next == codeMask && codeSize < MAX_BITS) {
                        codeSize++;
                        codeMask = (1 << codeSize) - 1;
                    }
                    next++;
                }
                lastCode = thisCode;
            }
            // The string's first byte, then the rest from the buffer; the frame may end between them.
            for (int i = start - 1; i < TABLE; i++) {
                canvas[rowStart + x] = i < start ? lastData : string[i];
                pixels++;
                if (++x == width) {
                    x = 0;
                    if (!rows.next()) return; // the frame's last pixel: Pillow stops here
                    rowStart = origin + rows.y * stride;
                }
            }
        }
    }

    /** Pillow's next read of the file for its decoder; false at the end of the file. */
    private boolean readOn() {
        if (window >= available) return false;
        window = Math.min(available, window + READ_BLOCK);
        return true;
    }

    private int peekByte() throws IOException {
        fill();
        return buffer[used] & 0xFF;
    }

    private int nextByte() throws IOException {
        fill();
        consumed++;
        return buffer[used++] & 0xFF;
    }

    private void fill() throws IOException {
        if (used < buffered) return;
        buffered = in.read(buffer);
        used = 0;
        if (buffered <= 0) throw new IOException("the file ends inside the LZW data"); // callers check the length first
    }

    private static IOException truncated(long pixels, long total) {
        return new IOException("image file is truncated: the first frame's data ends after " + pixels + " of "
                + total + " pixels");
    }

    private static IOException broken(int code, long pixels) {
        return new IOException("broken LZW data in the first frame: code " + code + " after " + pixels + " pixels");
    }

    /** GifDecode.c's NEWLINE: rows in order, or in the four passes of an interlaced frame. */
    private static final class Rows {
        final int height;
        int y;
        private int step;
        private int pass;

        Rows(int height, boolean interlaced) {
            this.height = height;
            this.step = interlaced ? 8 : 1;
            this.pass = interlaced ? 1 : 0;
        }

        /** Moves to the next row; false after the last. */
        boolean next() {
            y += step;
            while (y >= height) {
                switch (pass) {
                    case 1 -> {
                        y = 4;
                        pass = 2;
                    }
                    case 2 -> {
                        step = 4;
                        y = 2;
                        pass = 3;
                    }
                    case 3 -> {
                        step = 2;
                        y = 1;
                        pass = 0;
                    }
                    default -> {
                        return false;
                    }
                }
            }
            return true;
        }
    }
}
