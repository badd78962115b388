package dev.vitface.preprocess;

import java.io.IOException;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageInputStreamImpl;

/** The first bytes of a file followed by a few bytes of its own: what a decoder reads instead of the file. */
final class FilePrefixStream extends ImageInputStreamImpl {
    private final ImageInputStream file;
    private final long keep;
    private final byte[] tail;

    FilePrefixStream(ImageInputStream file, long keep, byte[] tail) {
        this.file = file;
        this.keep = keep;
        this.tail = tail.clone();
    }

    @Override
    public long length() {
        return keep + tail.length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (streamPos >= length()) return -1;
        int n;
        if (streamPos < keep) {
            n = (int) Math.min(len, keep - streamPos);
            file.seek(streamPos);
            file.readFully(b, off, n);
        } else {
            n = (int) Math.min(len, length() - streamPos);
            System.arraycopy(tail, (int) (streamPos - keep), b, off, n);
        }
        streamPos += n;
        bitOffset = 0;
        return n;
    }
}
