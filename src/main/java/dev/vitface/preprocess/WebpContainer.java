package dev.vitface.preprocess;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import javax.imageio.stream.ImageInputStream;

/** Facts about a WebP file's RIFF container, read before a decoder takes the stream. */
final class WebpContainer {
    private static final int VP8X_ANIMATION_FLAG = 0x02;

    private WebpContainer() {}

    /**
     * Checks that the file holds all the bytes its RIFF header promises. TwelveMonkeys' lossless
     * decoder returns an image even from a truncated file; libwebp, and so Pillow, refuses it.
     * Reads the 12-byte RIFF header and leaves the stream at its start.
     */
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

    /**
     * The VP8 bitstream of a still lossy WebP (simple format, or extended without animation), as
     * libwebp's demuxer hands it to the decoder in Pillow: the "VP8 " chunk's payload with its
     * padding byte, if any. Null for lossless (VP8L) and animated files, which stay with
     * TwelveMonkeys; a file with neither kind of image chunk is refused. An ALPH chunk is ignored: {@code convert("RGB")} drops alpha. Leaves the stream
     * at its start.
     */
    static byte[] lossyBitstream(ImageInputStream in) throws IOException {
        ByteOrder saved = in.getByteOrder();
        try {
            in.setByteOrder(ByteOrder.LITTLE_ENDIAN);
            in.seek(4);
            long riffEnd = 8 + in.readUnsignedInt();
            in.seek(12); // "RIFF", size, "WEBP"
            long canvas = -1; // the VP8X canvas, width << 32 | height
            while (in.getStreamPosition() + 8 <= riffEnd) {
                String type = fourCc(in);
                long padded = (in.readUnsignedInt() + 1) & ~1L; // chunks are padded to even sizes
                if (padded > riffEnd - in.getStreamPosition()) {
                    throw new IOException("corrupt WebP: the " + type.strip() + " chunk runs past the RIFF data");
                }
                switch (type) {
                    case "VP8X" -> {
                        byte[] vp8x = readPayload(in, padded);
                        if (vp8x.length >= 10) {
                            if ((vp8x[0] & VP8X_ANIMATION_FLAG) != 0) return null;
                            canvas = (long) (u24(vp8x, 4) + 1) << 32 | (u24(vp8x, 7) + 1);
                        }
                    }
                    case "VP8 " -> {
                        byte[] vp8 = readPayload(in, padded);
                        requireCanvasSize(canvas, vp8);
                        return vp8;
                    }
                    case "VP8L", "ANIM", "ANMF" -> {
                        return null;
                    }
                    default -> in.seek(in.getStreamPosition() + padded);
                }
            }
            // libwebp's demuxer refuses a still image without a frame (TwelveMonkeys does not).
            throw new IOException("corrupt WebP: no VP8 or VP8L image chunk");
        } finally {
            in.setByteOrder(saved);
            in.seek(0);
        }
    }

    /** libwebp's demuxer rejects a still image whose frame is not exactly the VP8X canvas. */
    private static void requireCanvasSize(long canvas, byte[] vp8) throws IOException {
        if (canvas < 0 || vp8.length < 10) return;
        int width = ((vp8[7] & 0xFF) << 8 | (vp8[6] & 0xFF)) & 0x3fff;
        int height = ((vp8[9] & 0xFF) << 8 | (vp8[8] & 0xFF)) & 0x3fff;
        if (width != (int) (canvas >>> 32) || height != (int) canvas) {
            throw new IOException("the VP8 frame is " + width + "x" + height + ", the VP8X canvas "
                    + (canvas >>> 32) + "x" + (int) canvas);
        }
    }

    private static byte[] readPayload(ImageInputStream in, long length) throws IOException {
        byte[] data = new byte[Math.toIntExact(length)];
        in.readFully(data);
        return data;
    }

    private static String fourCc(ImageInputStream in) throws IOException {
        byte[] tag = new byte[4];
        in.readFully(tag);
        return new String(tag, StandardCharsets.ISO_8859_1);
    }

    private static int u24(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16;
    }
}
