package dev.vitface.preprocess;

import java.util.Arrays;

/**
 * Pillow's {@code Image.resize((width, height), Image.BICUBIC)} on an 8-bit RGB image, bit for bit
 * (libImaging/Resample.c, unchanged from Pillow 9.0 to 11.3): separable two-pass convolution with
 * the a = -0.5 cubic kernel widened by the scale when shrinking, coefficients normalised in double
 * and rounded to 22-bit fixed point, 32-bit integer sums, each pass rounded and clipped to 8 bits.
 * The horizontal pass runs first, over only the source rows the vertical pass reads; an axis whose
 * size does not change is not filtered at all.
 */
public final class PillowBicubic {
    /** Resample.c PRECISION_BITS: 8 bits of result, 2 bits of headroom for the kernel's overshoot. */
    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final double SUPPORT = 2.0;

    private PillowBicubic() {}

    public static RgbImage resize(RgbImage in, int width, int height) {
        if (width < 1 || height < 1) throw new IllegalArgumentException("target size must be positive, got " + width + "x" + height);
        boolean horizontal = width != in.width();
        boolean vertical = height != in.height();
        if (!horizontal && !vertical) return new RgbImage(width, height, in.rgb().clone());

        // ImagingResampleInner: the vertical coefficients decide which source rows are needed at all.
        Coefficients rows = Coefficients.of(in.height(), height);
        int firstRow = rows.min(0);
        int lastRow = rows.min(height - 1) + rows.count(height - 1);
        RgbImage current = in;
        if (horizontal) {
            current = horizontalPass(in, Coefficients.of(in.width(), width), firstRow, lastRow);
            rows = rows.shiftedBy(-firstRow);
        }
        return vertical ? verticalPass(current, rows, height) : current;
    }

    /**
     * ImagingResampleHorizontal_8bpc over source rows {@code [firstRow, lastRow)}. Each row is first
     * split into one int array per channel, so that the inner sums run over contiguous memory.
     */
    private static RgbImage horizontalPass(RgbImage in, Coefficients cols, int firstRow, int lastRow) {
        int inWidth = in.width();
        int outWidth = cols.outSize();
        RgbImage out = RgbImage.blank(outWidth, lastRow - firstRow);
        byte[] src = in.rgb();
        byte[] dst = out.rgb();
        int[] k = cols.fixedPoint();
        int ksize = cols.ksize();
        int[] red = new int[inWidth];
        int[] green = new int[inWidth];
        int[] blue = new int[inWidth];
        int d = 0;
        for (int y = firstRow; y < lastRow; y++) {
            for (int x = 0, s = y * inWidth * 3; x < inWidth; x++, s += 3) {
                red[x] = src[s] & 0xFF;
                green[x] = src[s + 1] & 0xFF;
                blue[x] = src[s + 2] & 0xFF;
            }
            for (int xx = 0; xx < outWidth; xx++) {
                int xmin = cols.min(xx);
                int n = cols.count(xx);
                int kStart = xx * ksize;
                dst[d++] = clip8(sum(red, xmin, k, kStart, n));
                dst[d++] = clip8(sum(green, xmin, k, kStart, n));
                dst[d++] = clip8(sum(blue, xmin, k, kStart, n));
            }
        }
        return out;
    }

    /** The fixed-point sum of one output sample, rounding offset included. */
    private static int sum(int[] samples, int from, int[] k, int kStart, int n) {
        int ss = 1 << (PRECISION_BITS - 1);
        for (int x = 0; x < n; x++) ss += samples[from + x] * k[kStart + x];
        return ss;
    }

    /**
     * ImagingResampleVertical_8bpc. The sums are accumulated a source row at a time rather than a
     * pixel at a time, for memory locality; integer addition makes the order irrelevant.
     */
    private static RgbImage verticalPass(RgbImage in, Coefficients rows, int outHeight) {
        int rowLength = in.width() * 3;
        RgbImage out = RgbImage.blank(in.width(), outHeight);
        byte[] src = in.rgb();
        byte[] dst = out.rgb();
        int[] k = rows.fixedPoint();
        int[] sums = new int[rowLength];
        for (int yy = 0; yy < outHeight; yy++) {
            Arrays.fill(sums, 1 << (PRECISION_BITS - 1));
            int kStart = yy * rows.ksize();
            for (int y = 0, n = rows.count(yy); y < n; y++) {
                int weight = k[kStart + y];
                int s = (rows.min(yy) + y) * rowLength;
                for (int i = 0; i < rowLength; i++) sums[i] += (src[s + i] & 0xFF) * weight;
            }
            int d = yy * rowLength;
            for (int i = 0; i < rowLength; i++) dst[d + i] = clip8(sums[i]);
        }
        return out;
    }

    /** Resample.c clip8: the fixed-point sum shifted down and clamped to 0..255 (its lookup table spans the same range). */
    private static byte clip8(int sum) {
        int v = sum >> PRECISION_BITS;
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }

    /** Resample.c bicubic_filter with a = -0.5, evaluated in the same order. */
    private static double bicubic(double x) {
        final double a = -0.5;
        if (x < 0.0) x = -x;
        if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
        return 0.0;
    }

    /**
     * The resampling coefficients of one axis (precompute_coeffs, then normalize_coeffs_8bpc):
     * output {@code i} reads {@code count(i)} source samples from {@code min(i)}, weighted by
     * {@code fixedPoint()[i * ksize .. i * ksize + count(i))}.
     */
    record Coefficients(int outSize, int ksize, int[] bounds, int[] fixedPoint) {

        static Coefficients of(int inSize, int outSize) {
            // in0 = 0 and in1 = inSize as C floats; exact for any size an image can have.
            double scale = (double) inSize / outSize;
            double filterscale = Math.max(scale, 1.0);
            double support = SUPPORT * filterscale;
            int ksize = (int) Math.ceil(support) * 2 + 1;
            int[] bounds = new int[outSize * 2];
            int[] fixed = new int[Math.multiplyExact(outSize, ksize)];
            double[] k = new double[ksize];
            for (int xx = 0; xx < outSize; xx++) {
                double center = (xx + 0.5) * scale;
                double ss = 1.0 / filterscale;
                int xmin = Math.max(0, (int) (center - support + 0.5));
                int xmax = Math.min(inSize, (int) (center + support + 0.5)) - xmin;
                double ww = 0.0;
                for (int x = 0; x < xmax; x++) {
                    double w = bicubic((x + xmin - center + 0.5) * ss);
                    k[x] = w;
                    ww += w;
                }
                for (int x = 0; x < xmax; x++) {
                    if (ww != 0.0) k[x] /= ww;
                    fixed[xx * ksize + x] = k[x] < 0
                            ? (int) (-0.5 + k[x] * (1 << PRECISION_BITS))
                            : (int) (0.5 + k[x] * (1 << PRECISION_BITS));
                }
                bounds[xx * 2] = xmin;
                bounds[xx * 2 + 1] = xmax;
            }
            return new Coefficients(outSize, ksize, bounds, fixed);
        }

        int min(int i) {
            return bounds[i * 2];
        }

        int count(int i) {
            return bounds[i * 2 + 1];
        }

        /** The same weights reading from a buffer whose first row is source row {@code -offset}. */
        Coefficients shiftedBy(int offset) {
            int[] shifted = bounds.clone();
            for (int i = 0; i < outSize; i++) shifted[i * 2] += offset;
            return new Coefficients(outSize, ksize, shifted, fixedPoint);
        }
    }
}
