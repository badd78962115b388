package dev.vitface.preprocess;

import java.io.IOException;
import java.util.Objects;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An image held in memory as an {@code ImageInputStream} that knows its length. The JDK's
 * {@code MemoryCacheImageInputStream} reports a length of -1, and the PNG checks need the length
 * to tell a chunk cut off by the end of the data from a whole one, as they do for a file.
 */
final class ByteArrayImageInput extends ImageInputStreamImpl {
    private final byte[] data;

    ByteArrayImageInput(byte[] data) {
        this.data = data;
    }

    @Override
    public int read() throws IOException {
        checkClosed();
        bitOffset = 0;
        return streamPos < data.length ? data[(int) streamPos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        checkClosed();
        Objects.checkFromIndexSize(off, len, b.length);
        bitOffset = 0;
        if (len == 0) return 0;
        if (streamPos >= data.length) return -1;
        int n = (int) Math.min(len, data.length - streamPos);
        System.arraycopy(data, (int) streamPos, b, off, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        return data.length;
    }
}
