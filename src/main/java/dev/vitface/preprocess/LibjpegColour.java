package dev.vitface.preprocess;

/**
 * libjpeg's colour conversions, bit for bit (jdcolor.c, build_ycc_rgb_table, ycc_rgb_convert and
 * ycck_cmyk_convert; identical in IJG 6b and libjpeg-turbo, whose SIMD versions match the C code),
 * and Pillow's CMYK to RGB (libImaging/Convert.c cmyk2rgb). They run on raw decoded samples, so
 * that the result is what Pillow gets from libjpeg-turbo.
 */
final class LibjpegColour {
    private static final int SCALEBITS = 16;
    private static final long ONE_HALF = 1L << (SCALEBITS - 1);
    private static final int[] CR_R = new int[256];
    private static final int[] CB_B = new int[256];
    private static final long[] CR_G = new long[256];
    private static final long[] CB_G = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long x = i - 128;
            CR_R[i] = (int) ((fix(1.40200) * x + ONE_HALF) >> SCALEBITS);
            CB_B[i] = (int) ((fix(1.77200) * x + ONE_HALF) >> SCALEBITS);
            CR_G[i] = -fix(0.71414) * x;
            CB_G[i] = -fix(0.34414) * x + ONE_HALF;
        }
    }

    private LibjpegColour() {}

    /** libjpeg's FIX(x): the constant in 16-bit fixed point, rounded. */
    private static long fix(double x) {
        return (long) (x * (1L << SCALEBITS) + 0.5);
    }

    /** libjpeg's range_limit: clamps to 0..255. */
    static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    /** Red from Y and Cr, before range_limit. */
    static int red(int y, int cr) {
        return y + CR_R[cr];
    }

    /** Green from Y, Cb and Cr, before range_limit. */
    static int green(int y, int cb, int cr) {
        return y + (int) ((CB_G[cb] + CR_G[cr]) >> SCALEBITS);
    }

    /** Blue from Y and Cb, before range_limit. */
    static int blue(int y, int cb) {
        return y + CB_B[cb];
    }

    /**
     * One colour channel of Pillow's CMYK to RGB for samples as libjpeg delivers CMYK. Pillow
     * assumes Adobe's inverted polarity for every CMYK JPEG (JpegImagePlugin: rawmode "CMYK;I"),
     * so ink = 255 - sample; then cmyk2rgb gives {@code nk - MULDIV255(ink, nk)}, nk = 255 - black ink.
     */
    static int pillowCmykChannel(int inkSample, int blackSample) {
        int ink = 255 - inkSample;
        int nk = blackSample;
        int t = ink * nk + 128;
        return clamp(nk - (((t >> 8) + t) >> 8));
    }
}
