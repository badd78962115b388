package dev.vitface.preprocess;

import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Pillow's {@code Image.convert("RGB")} applied to the raw samples an ImageIO decoder produced:
 * grey replicated, palette looked up, alpha dropped without compositing, and no colour management
 * or gamma of any kind (Pillow ignores ICC profiles, gAMA and cHRM when converting).
 */
final class PillowRgbConversion {

    /** What a 16-bit sample becomes. */
    enum SixteenBit {
        /**
         * Pillow unpacks 16-bit colour, grey+alpha and colour+alpha PNGs with the "RGB;16B",
         * "LA;16B" and "RGBA;16B" unpackers, which keep the most significant byte (libImaging/Unpack.c).
         */
        HIGH_BYTE,
        /**
         * A 16-bit grey PNG (colour type 0) opens as mode "I" ("I;16" in newer Pillow), whose
         * conversion to RGB clips at 255 instead of scaling (libImaging/Convert.c, i2rgb / I16_RGB).
         */
        CLIP
    }

    private PillowRgbConversion() {}

    /**
     * Grey (one colour band) or RGB (three) samples, bands 0.. in that order; any further band
     * (alpha) is ignored. Depths below 8 bits are scaled as Pillow's unpackers scale them,
     * {@code v * 255 / (2^bits - 1)} truncated (exact for 1, 2 and 4 bits; the 5/6-bit BMP case).
     */
    static RgbImage fromComponents(Raster raster, int colourBands, SixteenBit sixteenBit) {
        if (colourBands != 1 && colourBands != 3) {
            throw new IllegalArgumentException("expected 1 or 3 colour bands, got " + colourBands);
        }
        int width = raster.getWidth();
        int height = raster.getHeight();
        int[][] levels = new int[colourBands][];
        for (int band = 0; band < colourBands; band++) {
            levels[band] = levels(raster.getSampleModel().getSampleSize(band), sixteenBit);
        }
        RgbImage out = RgbImage.blank(width, height);
        byte[] rgb = out.rgb();
        BandRows rows = new BandRows(raster);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            int rowStart = y * width * 3;
            for (int c = 0; c < 3; c++) {
                int band = colourBands == 1 ? 0 : c;
                if (c == 0 || colourBands == 3) rows.read(band, y, row);
                int[] lut = levels[band];
                for (int x = 0, i = rowStart + c; x < width; x++, i += 3) rgb[i] = (byte) lut[row[x]];
            }
        }
        return out;
    }

    /**
     * The colour {@code 0xRRGGBB} of each of the 256 palette indices. Only the first
     * {@code definedEntries} entries come from the file; Pillow 9.4 starts every palette as a grey
     * ramp, so an index past the file's palette is grey {@code (i, i, i)}, here as there.
     */
    static int[] paletteLookup(IndexColorModel model, int definedEntries) {
        int[] lookup = new int[256];
        int fromFile = Math.min(Math.min(definedEntries, model.getMapSize()), lookup.length);
        for (int i = 0; i < lookup.length; i++) {
            lookup[i] = i < fromFile ? model.getRGB(i) & 0xFFFFFF : (i << 16) | (i << 8) | i;
        }
        return lookup;
    }

    /** Palette indices (band 0, at most 8 bits) looked up in a {@link #paletteLookup} table. */
    static RgbImage fromPalette(Raster raster, int[] lookup) {
        int bits = raster.getSampleModel().getSampleSize(0);
        if (bits > 8) throw new IllegalArgumentException("palette indices wider than 8 bits: " + bits);
        int width = raster.getWidth();
        int height = raster.getHeight();
        RgbImage out = RgbImage.blank(width, height);
        byte[] rgb = out.rgb();
        BandRows rows = new BandRows(raster);
        int[] row = new int[width];
        for (int y = 0, i = 0; y < height; y++) {
            rows.read(0, y, row);
            for (int x = 0; x < width; x++, i += 3) {
                int colour = lookup[row[x]];
                rgb[i] = (byte) (colour >>> 16);
                rgb[i + 1] = (byte) (colour >>> 8);
                rgb[i + 2] = (byte) colour;
            }
        }
        return out;
    }

    /** The 8-bit value of every possible sample of a band {@code bits} deep. */
    private static int[] levels(int bits, SixteenBit sixteenBit) {
        if (bits < 1 || bits > 16) throw new IllegalArgumentException("unsupported sample depth: " + bits + " bits");
        int max = (1 << bits) - 1;
        int[] lut = new int[max + 1];
        for (int v = 0; v <= max; v++) {
            if (bits == 8) {
                lut[v] = v;
            } else if (bits == 16) {
                lut[v] = sixteenBit == SixteenBit.HIGH_BYTE ? v >>> 8 : Math.min(v, 255);
            } else {
                lut[v] = v * 255 / max;
            }
        }
        return lut;
    }
}
