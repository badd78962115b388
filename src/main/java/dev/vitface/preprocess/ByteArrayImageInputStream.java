package dev.vitface.preprocess;

import java.util.Objects;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An {@code ImageInputStream} over a byte array that knows its length, as a
 * {@code FileImageInputStream} does: {@link WebpContainer#requireComplete} compares the RIFF
 * header with the length, which ImageIO's {@code MemoryCacheImageInputStream} reports as unknown.
 */
final class ByteArrayImageInputStream extends ImageInputStreamImpl {
    private final byte[] data;

    ByteArrayImageInputStream(byte[] data) {
        this.data = Objects.requireNonNull(data, "data");
    }

    @Override
    public int read() {
        bitOffset = 0;
        return streamPos < data.length ? data[(int) streamPos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
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
