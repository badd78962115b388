package dev.vitface.preprocess;

import java.awt.image.Raster;
import java.io.IOException;
import javax.imageio.ImageReader;

/**
 * JPEG pixels as Pillow decodes them with libjpeg-turbo (islow IDCT, fancy upsampling), then
 * {@code convert("RGB")}.
 *
 * <p>The decoder is the JDK's own ({@code com.sun.imageio.plugins.jpeg.JPEGImageReader}, IJG
 * libjpeg 6b): its IDCT and its h2v1/h2v2 fancy upsampling are the same integer code as
 * libjpeg-turbo's, and it is bit-identical to Pillow on the fixtures (rocket.jpg, 4:4:4, 4:2:2,
 * 4:2:0, 4:1:1, 4:1:0, progressive, restart markers, grey, CMYK, YCCK). TwelveMonkeys' JPEG
 * plugin decodes through the same JDK code, so it adds nothing here. Where 6b and libjpeg-turbo
 * differ, 4:4:0 chroma, {@link JpegComponentRows} redoes libjpeg-turbo's upsampling.
 *
 * <p>The pixels come from {@link ImageReader#readRaster}: the decoded, upsampled components with
 * no colour conversion. {@code read()} is not used because it colour-manages images that embed an
 * ICC profile (rocket.jpg changes by up to 55 levels), which Pillow does not do. The conversion to
 * RGB is then libjpeg's own arithmetic ({@link LibjpegColour}), chosen by libjpeg's rules
 * ({@link JpegHeader#colourSpace()}).
 */
final class JpegDecoding {
    /** The JDK's JPEG reader; found by name because its package is not exported. */
    static final String JDK_READER_CLASS = "com.sun.imageio.plugins.jpeg.JPEGImageReader";

    private JpegDecoding() {}

    static RgbImage decode(ImageReader jdkReader, JpegHeader header) throws IOException {
        Raster raw = jdkReader.readRaster(0, null);
        int components = header.componentIds().length;
        if (raw.getNumBands() != components) {
            throw new IOException("decoder returned " + raw.getNumBands() + " bands for a " + components + "-component JPEG");
        }
        JpegHeader.ColourSpace colourSpace = header.colourSpace();
        JpegComponentRows rows = new JpegComponentRows(raw, header);
        int width = raw.getWidth();
        RgbImage out = RgbImage.blank(width, raw.getHeight());
        byte[] rgb = out.rgb();
        int[][] samples = new int[components][width];
        for (int y = 0; y < raw.getHeight(); y++) {
            for (int c = 0; c < components; c++) rows.read(c, y, samples[c]);
            convertRow(colourSpace, samples, rgb, y * width * 3);
        }
        return out;
    }

    /** One row of components to RGB, libjpeg's conversion followed by Pillow's. */
    private static void convertRow(JpegHeader.ColourSpace colourSpace, int[][] s, byte[] rgb, int at) {
        int width = s[0].length;
        switch (colourSpace) {
            case GREY -> {
                for (int x = 0, i = at; x < width; x++, i += 3) {
                    rgb[i] = rgb[i + 1] = rgb[i + 2] = (byte) s[0][x];
                }
            }
            case RGB -> {
                for (int x = 0, i = at; x < width; x++, i += 3) {
                    rgb[i] = (byte) s[0][x];
                    rgb[i + 1] = (byte) s[1][x];
                    rgb[i + 2] = (byte) s[2][x];
                }
            }
            case YCBCR -> {
                int[] y = s[0];
                int[] cb = s[1];
                int[] cr = s[2];
                for (int x = 0, i = at; x < width; x++, i += 3) {
                    rgb[i] = (byte) LibjpegColour.clamp(LibjpegColour.red(y[x], cr[x]));
                    rgb[i + 1] = (byte) LibjpegColour.clamp(LibjpegColour.green(y[x], cb[x], cr[x]));
                    rgb[i + 2] = (byte) LibjpegColour.clamp(LibjpegColour.blue(y[x], cb[x]));
                }
            }
            case CMYK -> {
                for (int x = 0, i = at; x < width; x++, i += 3) {
                    int k = s[3][x];
                    rgb[i] = (byte) LibjpegColour.pillowCmykChannel(s[0][x], k);
                    rgb[i + 1] = (byte) LibjpegColour.pillowCmykChannel(s[1][x], k);
                    rgb[i + 2] = (byte) LibjpegColour.pillowCmykChannel(s[2][x], k);
                }
            }
            case YCCK -> {
                // libjpeg's ycck_cmyk_convert: C, M, Y = 255 - (Y, Cb, Cr to R, G, B), K passed through.
                int[] y = s[0];
                int[] cb = s[1];
                int[] cr = s[2];
                for (int x = 0, i = at; x < width; x++, i += 3) {
                    int k = s[3][x];
                    int cInk = LibjpegColour.clamp(255 - LibjpegColour.red(y[x], cr[x]));
                    int mInk = LibjpegColour.clamp(255 - LibjpegColour.green(y[x], cb[x], cr[x]));
                    int yInk = LibjpegColour.clamp(255 - LibjpegColour.blue(y[x], cb[x]));
                    rgb[i] = (byte) LibjpegColour.pillowCmykChannel(cInk, k);
                    rgb[i + 1] = (byte) LibjpegColour.pillowCmykChannel(mInk, k);
                    rgb[i + 2] = (byte) LibjpegColour.pillowCmykChannel(yInk, k);
                }
            }
        }
    }
}
