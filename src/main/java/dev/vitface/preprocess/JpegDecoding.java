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
 * 4:2:0, progressive, restart markers, grey). TwelveMonkeys' JPEG plugin decodes through the same
 * JDK code, so it adds nothing here. The one known difference: for 4:4:0 (h1v2) chroma,
 * libjpeg-turbo 2.x upsamples smoothly where 6b replicates rows.
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
        int expectedBands = header.componentIds().length;
        if (raw.getNumBands() != expectedBands) {
            throw new IOException("decoder returned " + raw.getNumBands() + " bands for a " + expectedBands + "-component JPEG");
        }
        return switch (header.colourSpace()) {
            case GREY -> PillowRgbConversion.fromComponents(raw, 1, PillowRgbConversion.SixteenBit.HIGH_BYTE);
            case RGB -> PillowRgbConversion.fromComponents(raw, 3, PillowRgbConversion.SixteenBit.HIGH_BYTE);
            case YCBCR -> fromYcbcr(raw);
            case CMYK -> fromCmyk(raw, false);
            case YCCK -> fromCmyk(raw, true);
        };
    }

    private static RgbImage fromYcbcr(Raster raw) {
        int width = raw.getWidth();
        RgbImage out = RgbImage.blank(width, raw.getHeight());
        byte[] rgb = out.rgb();
        BandRows rows = new BandRows(raw);
        int[] y = new int[width];
        int[] cb = new int[width];
        int[] cr = new int[width];
        for (int row = 0, i = 0; row < raw.getHeight(); row++) {
            rows.read(0, row, y);
            rows.read(1, row, cb);
            rows.read(2, row, cr);
            for (int x = 0; x < width; x++, i += 3) {
                rgb[i] = (byte) LibjpegColour.clamp(LibjpegColour.red(y[x], cr[x]));
                rgb[i + 1] = (byte) LibjpegColour.clamp(LibjpegColour.green(y[x], cb[x], cr[x]));
                rgb[i + 2] = (byte) LibjpegColour.clamp(LibjpegColour.blue(y[x], cb[x]));
            }
        }
        return out;
    }

    /**
     * Four components: CMYK as stored, or YCCK, which libjpeg first turns into CMYK as
     * {@code 255 - (Y, Cb, Cr to R, G, B)} with K passed through (ycck_cmyk_convert); then Pillow's
     * inverted-CMYK to RGB.
     */
    private static RgbImage fromCmyk(Raster raw, boolean ycck) {
        int width = raw.getWidth();
        RgbImage out = RgbImage.blank(width, raw.getHeight());
        byte[] rgb = out.rgb();
        BandRows rows = new BandRows(raw);
        int[] c = new int[width];
        int[] m = new int[width];
        int[] yellow = new int[width];
        int[] k = new int[width];
        for (int row = 0, i = 0; row < raw.getHeight(); row++) {
            rows.read(0, row, c);
            rows.read(1, row, m);
            rows.read(2, row, yellow);
            rows.read(3, row, k);
            for (int x = 0; x < width; x++, i += 3) {
                int cInk = c[x];
                int mInk = m[x];
                int yInk = yellow[x];
                if (ycck) {
                    // c, m, yellow hold Y, Cb, Cr here.
                    cInk = LibjpegColour.clamp(255 - LibjpegColour.red(c[x], yellow[x]));
                    mInk = LibjpegColour.clamp(255 - LibjpegColour.green(c[x], m[x], yellow[x]));
                    yInk = LibjpegColour.clamp(255 - LibjpegColour.blue(c[x], m[x]));
                }
                rgb[i] = (byte) LibjpegColour.pillowCmykChannel(cInk, k[x]);
                rgb[i + 1] = (byte) LibjpegColour.pillowCmykChannel(mInk, k[x]);
                rgb[i + 2] = (byte) LibjpegColour.pillowCmykChannel(yInk, k[x]);
            }
        }
        return out;
    }
}
