package dev.vitface.preprocess;

import java.io.IOException;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * The first bytes of a file, then a stretch that reads as the end of the stream, then a few bytes
 * of its own: what a decoder reads instead of the file. A JPEG cut inside a marker after its scan
 * gets an EOI in place of the marker (no stretch); a PNG gets its IDAT data only as far as the
 * rows need it, the rest of that data reading as the end, then the chunk's CRC and an IEND.
 */
final class FilePrefixStream extends ImageInputStreamImpl {
    private final ImageInputStream file;
    /** Where the bytes taken from the file end. */
    private final long keep;
    /** Where the tail starts; reads in {@code [keep, tailStart)} find the end of the stream. */
    private final long tailStart;
    private final byte[] tail;

    /** The file's first {@code keep} bytes, straight followed by {@code tail}. */
    FilePrefixStream(ImageInputStream file, long keep, byte[] tail) {
        this(file, keep, keep, tail);
    }

    FilePrefixStream(ImageInputStream file, long keep, long tailStart, byte[] tail) {
        if (tailStart < keep) throw new IllegalArgumentException("tail at " + tailStart + " before the kept end " + keep);
        this.file = file;
        this.keep = keep;
        this.tailStart = tailStart;
        this.tail = tail.clone();
    }

    @Override
    public long length() {
        return tailStart + tail.length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        int n;
        if (streamPos < keep) {
            n = (int) Math.min(len, keep - streamPos);
            file.seek(streamPos);
            file.readFully(b, off, n);
        } else if (streamPos < tailStart || streamPos >= length()) {
            return -1;
        } else {
            n = (int) Math.min(len, length() - streamPos);
            System.arraycopy(tail, (int) (streamPos - tailStart), b, off, n);
        }
        streamPos += n;
        bitOffset = 0;
        return n;
    }
}
