package dev.vitface.preprocess;

import java.io.IOException;
import javax.imageio.stream.ImageInputStream;

/**
 * A sequential JPEG whose one scan is followed, instead of EOI, by a marker that the file ends in
 * or right after: a damaged EOI byte, typically. libjpeg-turbo has every row by then; Pillow's decoder calls
 * {@code jpeg_finish_decompress}, which suspends waiting for the marker's length, and Pillow
 * ignores a suspension once all rows are out, so it accepts the image. The JDK's decoder reads
 * fabricated bytes as that length and fails; it is given the file with EOI in that marker's place.
 *
 * <p>Only markers whose handlers read their length first (jdmarker.c: DHT, DAC, DQT, DRI, DNL,
 * APPn, COM), and RSTn, which it skips before suspending on the next marker, are replaced:
 * libjpeg refuses the others (SOI, SOFn, unknown) before it suspends, and so does Pillow. A progressive or multi-scan JPEG is read whole before its first row, so a
 * cut there is "image file is truncated" in Pillow too.
 */
final class JpegTail {
    private static final int SOS = 0xDA;
    private static final int BLOCK = 65536;

    private JpegTail() {}

    /** Where the marker to replace with EOI starts, or -1 when the file is decoded as it is. Leaves {@code in} at its start. */
    static long cutMarker(ImageInputStream in) throws IOException {
        try {
            long length = in.length();
            if (length < 4) return -1;
            byte[] last = new byte[3];
            in.seek(length - 3);
            in.readFully(last);
            long at = (last[1] & 0xFF) == 0xFF && (readsLengthFirst(last[2] & 0xFF) || isRestart(last[2] & 0xFF)) ? length - 2
                    : (last[0] & 0xFF) == 0xFF && readsLengthFirst(last[1] & 0xFF) ? length - 3
                    : -1;
            return at >= 0 && isFirstMarkerAfterTheOnlyScan(in, at) ? at : -1;
        } finally {
            in.seek(0);
        }
    }

    /** Whether a sequential frame's single scan runs from its SOS up to {@code marker} with no other marker between. */
    private static boolean isFirstMarkerAfterTheOnlyScan(ImageInputStream in, long marker) throws IOException {
        in.seek(2);
        boolean sequential = false;
        while (true) { // the segments before the scan, as JpegHeader walks them
            int b;
            do {
                b = in.read();
            } while (b >= 0 && b != 0xFF);
            while (b == 0xFF) b = in.read();
            if (b < 0) return false;
            if (b == SOS) break;
            if (b == 0x01 || (b >= 0xD0 && b <= 0xD7)) continue;
            if (b == 0xC2 || b == 0xC6 || b == 0xCA || b == 0xCE) return false; // progressive
            if (b == 0xC0 || b == 0xC1) sequential = true;
            int high = in.read();
            int low = in.read();
            if (low < 0) return false;
            in.seek(in.getStreamPosition() + ((high << 8 | low) - 2));
        }
        if (!sequential) return false;
        int high = in.read();
        int low = in.read();
        if (low < 0) return false;
        long at = in.getStreamPosition() + ((high << 8 | low) - 2); // the entropy-coded data
        byte[] block = new byte[BLOCK];
        boolean afterFf = false;
        while (at < marker + 2) {
            in.seek(at);
            int n = in.read(block, 0, (int) Math.min(BLOCK, marker + 2 - at));
            if (n <= 0) return false;
            for (int i = 0; i < n; i++) {
                int b = block[i] & 0xFF;
                if (afterFf && at + i - 1 == marker) return true;
                if (afterFf && b != 0x00 && b != 0xFF && !isRestart(b)) return false; // another marker first
                afterFf = b == 0xFF;
            }
            at += n;
        }
        return false;
    }

    private static boolean isRestart(int marker) {
        return marker >= 0xD0 && marker <= 0xD7;
    }

    /** jdmarker.c read_markers: the markers whose handlers start by reading a 2-byte length. */
    private static boolean readsLengthFirst(int marker) {
        return marker == 0xC4 || marker == 0xCC || marker == 0xDB || marker == 0xDD || marker == 0xDC
                || (marker >= 0xE0 && marker <= 0xEF) || marker == 0xFE;
    }
}
