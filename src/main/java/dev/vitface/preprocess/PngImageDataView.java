package dev.vitface.preprocess;

import java.io.IOException;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * A PNG file as far as the compressed data its rows need, then an IEND chunk: what the JDK's PNG
 * decoder is given, so that it neither reads nor fails on what Pillow does not read: the rest of
 * the zlib stream (its checksum included) and the chunks after it. Reads of the rest of the IDAT
 * chunk's data find the end of the stream, its CRC reads as zeros (the decoder does not check CRCs).
 */
final class PngImageDataView extends ImageInputStreamImpl {
    private static final byte[] IEND = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};

    private final ImageInputStream file;
    /** Where the compressed data that the rows need ends; what follows up to dataEnd reads as the end. */
    private final long usedEnd;
    /** Where the data of the IDAT chunk holding usedEnd ends in the file's numbering; its CRC and IEND follow. */
    private final long dataEnd;

    PngImageDataView(ImageInputStream file, long usedEnd, long dataEnd) throws IOException {
        this.file = file;
        this.usedEnd = Math.min(usedEnd, file.length());
        this.dataEnd = dataEnd;
    }

    @Override
    public long length() {
        return dataEnd + 4 + IEND.length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        long available = usedEnd;
        if (streamPos < available) {
            int n = (int) Math.min(len, available - streamPos);
            file.seek(streamPos);
            file.readFully(b, off, n);
            return advance(n);
        }
        if (streamPos < dataEnd) return -1; // the part of the image data that the file lacks
        long tail = streamPos - dataEnd; // 4 CRC bytes, then IEND
        if (tail >= 4 + IEND.length) return -1;
        int n = (int) Math.min(len, 4 + IEND.length - tail);
        for (int i = 0; i < n; i++) {
            int t = (int) tail + i;
            b[off + i] = t < 4 ? 0 : IEND[t - 4];
        }
        return advance(n);
    }

    private int advance(int n) {
        streamPos += n;
        bitOffset = 0;
        return n;
    }
}
