package dev.vitface.preprocess;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.stream.ImageInputStream;

/**
 * The JPEG header facts that decide how libjpeg interprets the components, and the EXIF block:
 * read by walking the marker segments from SOI to the first SOS, as libjpeg's jdmarker.c does.
 *
 * @param sawJfif        an APP0 "JFIF\0" segment of at least 14 bytes (jdmarker.c examine_app0)
 * @param adobeTransform the APP14 "Adobe" transform byte, or -1 without such a segment
 * @param componentIds   the component identifiers of the frame header (SOFn), in order
 * @param hSampling      each component's horizontal sampling factor, in the same order
 * @param vSampling      each component's vertical sampling factor
 * @param exif           the APP1 "Exif\0\0" payload after that prefix, or null
 */
record JpegHeader(boolean sawJfif, int adobeTransform, int[] componentIds, int[] hSampling, int[] vSampling, byte[] exif) {
    private static final int SOI = 0xD8;
    private static final int SOS = 0xDA;
    private static final int APP0 = 0xE0;
    private static final int APP1 = 0xE1;
    private static final int APP14 = 0xEE;
    private static final byte[] JFIF = "JFIF\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] ADOBE = "Adobe".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] EXIF = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);

    /** What libjpeg decides the encoded components are (jdapimin.c default_decompress_parms). */
    enum ColourSpace { GREY, YCBCR, RGB, CMYK, YCCK }

    /**
     * Reads from the start of {@code in} and leaves it at the start again.
     *
     * @throws IOException the stream is not a JPEG, or ends before the first SOS
     */
    static JpegHeader read(ImageInputStream in) throws IOException {
        ByteOrder saved = in.getByteOrder();
        in.setByteOrder(ByteOrder.BIG_ENDIAN);
        in.seek(0);
        try {
            if (in.readUnsignedByte() != 0xFF || in.readUnsignedByte() != SOI) throw new IOException("no JPEG SOI marker");
            boolean sawJfif = false;
            int adobeTransform = -1;
            byte[] frame = null;
            byte[] exif = null;
            while (true) {
                int marker = nextMarker(in);
                if (marker == SOS) break;
                if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue; // TEM, RSTn: no length
                int length = in.readUnsignedShort() - 2;
                if (length < 0) throw new IOException("bad JPEG segment length");
                byte[] data = new byte[length];
                in.readFully(data);
                if (marker == APP0 && length >= 14 && startsWith(data, JFIF)) {
                    sawJfif = true;
                } else if (marker == APP14 && length >= 12 && startsWith(data, ADOBE)) {
                    adobeTransform = data[11] & 0xFF;
                } else if (marker == APP1 && exif == null && startsWith(data, EXIF)) {
                    exif = Arrays.copyOfRange(data, EXIF.length, data.length);
                } else if (isStartOfFrame(marker)) {
                    frame = data;
                }
            }
            if (frame == null) throw new IOException("no JPEG frame header before the first scan");
            return fromFrame(frame, sawJfif, adobeTransform, exif);
        } catch (EOFException e) {
            throw new IOException("JPEG header ends early", e);
        } finally {
            in.setByteOrder(saved);
            in.seek(0);
        }
    }

    /**
     * libjpeg's interpretation of the components (jdapimin.c default_decompress_parms, the same in
     * IJG 6b and libjpeg-turbo): JFIF means YCbCr, an Adobe transform 0 RGB/CMYK, otherwise the
     * component identifiers 'R','G','B' mean RGB; four components are YCCK only with transform 2.
     */
    ColourSpace colourSpace() {
        return switch (componentIds.length) {
            case 1 -> ColourSpace.GREY;
            case 3 -> {
                if (sawJfif) yield ColourSpace.YCBCR;
                if (adobeTransform >= 0) yield adobeTransform == 0 ? ColourSpace.RGB : ColourSpace.YCBCR;
                boolean rgbIds = componentIds[0] == 'R' && componentIds[1] == 'G' && componentIds[2] == 'B';
                yield rgbIds ? ColourSpace.RGB : ColourSpace.YCBCR;
            }
            case 4 -> adobeTransform > 0 ? ColourSpace.YCCK : ColourSpace.CMYK;
            default -> throw new IllegalStateException(componentIds.length + "-component JPEG");
        };
    }

    /** Skips fill bytes and returns the next marker code. */
    private static int nextMarker(ImageInputStream in) throws IOException {
        int b = in.readUnsignedByte();
        while (b != 0xFF) b = in.readUnsignedByte(); // libjpeg skips such garbage with a warning
        while (b == 0xFF) b = in.readUnsignedByte();
        return b;
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    /** Component identifiers and sampling factors from the SOFn segment's component list. */
    private static JpegHeader fromFrame(byte[] sof, boolean sawJfif, int adobeTransform, byte[] exif) throws IOException {
        if (sof.length < 6) throw new IOException("short JPEG frame header");
        int count = sof[5] & 0xFF;
        if (sof.length < 6 + 3 * count) throw new IOException("short JPEG frame header");
        int[] ids = new int[count];
        int[] h = new int[count];
        int[] v = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = sof[6 + 3 * i] & 0xFF;
            h[i] = (sof[7 + 3 * i] & 0xFF) >> 4;
            v[i] = sof[7 + 3 * i] & 0x0F;
        }
        return new JpegHeader(sawJfif, adobeTransform, ids, h, v, exif);
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }
}
