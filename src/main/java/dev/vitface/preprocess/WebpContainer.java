package dev.vitface.preprocess;

import java.io.IOException;
import java.nio.ByteOrder;
import javax.imageio.stream.ImageInputStream;

/**
 * Checks that a WebP file holds all the bytes its RIFF header promises. TwelveMonkeys' lossless
 * decoder returns an image even from a truncated file; libwebp, and so Pillow, refuses it.
 */
final class WebpContainer {
    private WebpContainer() {}

    /** Reads the 12-byte RIFF header and leaves the stream at its start. */
    static void requireComplete(ImageInputStream in) throws IOException {
        ByteOrder saved = in.getByteOrder();
        try {
            in.setByteOrder(ByteOrder.LITTLE_ENDIAN);
            in.seek(4); // after "RIFF"
            long declared = 8 + in.readUnsignedInt();
            long actual = in.length();
            if (actual >= 0 && actual < declared) {
                throw new IOException("truncated WebP: the RIFF header declares " + declared + " bytes, the file has " + actual);
            }
        } finally {
            in.setByteOrder(saved);
            in.seek(0);
        }
    }
}
