package dev.vitface.preprocess;

/**
 * The eight EXIF orientations (tag 0x0112) and the transposition that undoes each, as Pillow's
 * {@code ImageOps.exif_transpose} applies it: 2 FLIP_LEFT_RIGHT, 3 ROTATE_180, 4 FLIP_TOP_BOTTOM,
 * 5 TRANSPOSE, 6 ROTATE_270, 7 TRANSVERSE, 8 ROTATE_90 (Pillow's rotations are counter-clockwise).
 */
public enum Orientation {
    NORMAL(1, false, 1, 0, 0, 0, 1, 0),
    FLIP_LEFT_RIGHT(2, false, -1, 0, 1, 0, 1, 0),
    ROTATE_180(3, false, -1, 0, 1, 0, -1, 1),
    FLIP_TOP_BOTTOM(4, false, 1, 0, 0, 0, -1, 1),
    TRANSPOSE(5, true, 0, 1, 0, 1, 0, 0),
    ROTATE_270(6, true, 0, 1, 0, -1, 0, 1),
    TRANSVERSE(7, true, 0, -1, 1, -1, 0, 1),
    ROTATE_90(8, true, 0, -1, 1, 1, 0, 0);

    private final int exifValue;
    private final boolean swapsAxes;
    // Source pixel of output (x, y): sx = sxx*x + sxy*y + sxc*(srcW-1), sy = syx*x + syy*y + syc*(srcH-1).
    private final int sxx, sxy, sxc, syx, syy, syc;

    Orientation(int exifValue, boolean swapsAxes, int sxx, int sxy, int sxc, int syx, int syy, int syc) {
        this.exifValue = exifValue;
        this.swapsAxes = swapsAxes;
        this.sxx = sxx;
        this.sxy = sxy;
        this.sxc = sxc;
        this.syx = syx;
        this.syy = syy;
        this.syc = syc;
    }

    /** The orientation with this EXIF value; {@link #NORMAL} for a value outside 1..8, as Pillow ignores it. */
    public static Orientation fromExif(int value) {
        for (Orientation o : values()) {
            if (o.exifValue == value) return o;
        }
        return NORMAL;
    }

    /** The image as it is meant to be seen; the same instance for {@link #NORMAL}. */
    public RgbImage apply(RgbImage in) {
        if (this == NORMAL) return in;
        int srcW = in.width();
        int srcH = in.height();
        int outW = swapsAxes ? srcH : srcW;
        int outH = swapsAxes ? srcW : srcH;
        byte[] src = in.rgb();
        RgbImage out = RgbImage.blank(outW, outH);
        byte[] dst = out.rgb();
        int i = 0;
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++, i += 3) {
                int sx = sxx * x + sxy * y + sxc * (srcW - 1);
                int sy = syx * x + syy * y + syc * (srcH - 1);
                int s = (sy * srcW + sx) * 3;
                dst[i] = src[s];
                dst[i + 1] = src[s + 1];
                dst[i + 2] = src[s + 2];
            }
        }
        return out;
    }
}
