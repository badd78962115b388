/*
 * Ported from libwebp 1.2.4, src/dsp/upsampling.c (UPSAMPLE_FUNC, instantiated as
 * UpsampleRgbLinePair_C), src/dsp/yuv.h (MultHi, VP8Clip8, VP8YUVToR/G/B) and src/dec/io_dec.c
 * (EmitFancyRGB).
 * Copyright 2010 Google Inc. All Rights Reserved. Use of this source code is governed by a
 * BSD-style license that can be found in META-INF/LICENSE-libwebp.txt.
 */
package dev.vitface.preprocess.webp;

import dev.vitface.preprocess.RgbImage;

/**
 * libwebp's default YUV 4:2:0 to RGB conversion, as {@code WebPDecodeRGB} and Pillow use it:
 * "fancy" upsampling, which interpolates each chroma sample from the four nearest with weights
 * 9/16, 3/16, 3/16, 1/16, then BT.601 limited-range conversion in 14-bit fixed point.
 */
public final class LibwebpYuvToRgb {
    /** yuv.h YUV_FIX2: the conversion keeps 6 fractional bits until {@link #clip8}. */
    private static final int YUV_FIX2 = 6;
    private static final int YUV_MASK2 = (256 << YUV_FIX2) - 1;

    private LibwebpYuvToRgb() {}

    /**
     * EmitFancyRGB over the whole picture at once (libwebp calls it band by band, carrying the
     * unfinished row over, which gives the same pixels). Output row pairs (2k-1, 2k) sit between
     * chroma rows k-1 and k; the first row, and the last one of an even height, sit on a single
     * chroma row, which then serves as both neighbours.
     */
    public static RgbImage toRgb(YuvPlanes planes) {
        RgbImage image = RgbImage.blank(planes.width(), planes.height());
        int height = planes.height();
        upsampleLinePair(planes, 0, -1, 0, 0, image.rgb());
        int y = 0;
        for (; y + 2 < height; y += 2) upsampleLinePair(planes, y + 1, y + 2, y / 2, y / 2 + 1, image.rgb());
        if ((height & 1) == 0) upsampleLinePair(planes, y + 1, -1, y / 2, y / 2, image.rgb());
        return image;
    }

    /**
     * UPSAMPLE_FUNC: output rows {@code topRow} and, unless it is -1, {@code bottomRow}, with chroma
     * interpolated between chroma rows {@code topUvRow} (nearer the top row) and {@code curUvRow}.
     * For each 2x2 square of chroma samples
     * <pre>
     *  [a b]
     *  [c d]
     * </pre>
     * the four pixels between them get ([9a + 3b + 3c + d, 3a + 9b + 3c + d] + [8 8]) / 16 on the
     * top row and ([3a + b + 9c + 3d, a + 3b + 3c + 9d] + [8 8]) / 16 on the bottom row, computed
     * through two rounded averages exactly as libwebp does. libwebp packs U and V into one 32-bit
     * word (LOAD_UV); the lanes never carry into each other, so separate sums give the same values.
     * The first pixel, and the last of an even width, use their single chroma column.
     */
    private static void upsampleLinePair(YuvPlanes p, int topRow, int bottomRow, int topUvRow, int curUvRow, byte[] rgb) {
        int len = p.width();
        byte[] u = p.u();
        byte[] v = p.v();
        int top = topUvRow * p.uvStride();
        int cur = curUvRow * p.uvStride();
        int lastPixelPair = (len - 1) >> 1;
        int tlU = u[top] & 0xFF, tlV = v[top] & 0xFF; // top-left sample
        int lU = u[cur] & 0xFF, lV = v[cur] & 0xFF; // left sample
        put(p, topRow, 0, (3 * tlU + lU + 2) >> 2, (3 * tlV + lV + 2) >> 2, rgb);
        if (bottomRow >= 0) put(p, bottomRow, 0, (3 * lU + tlU + 2) >> 2, (3 * lV + tlV + 2) >> 2, rgb);
        for (int x = 1; x <= lastPixelPair; x++) {
            int tU = u[top + x] & 0xFF, tV = v[top + x] & 0xFF; // top sample
            int cU = u[cur + x] & 0xFF, cV = v[cur + x] & 0xFF; // sample
            // Precompute invariant values associated with first and second diagonals.
            int avgU = tlU + tU + lU + cU + 8;
            int avgV = tlV + tV + lV + cV + 8;
            int diag12U = (avgU + 2 * (tU + lU)) >> 3;
            int diag12V = (avgV + 2 * (tV + lV)) >> 3;
            int diag03U = (avgU + 2 * (tlU + cU)) >> 3;
            int diag03V = (avgV + 2 * (tlV + cV)) >> 3;
            put(p, topRow, 2 * x - 1, (diag12U + tlU) >> 1, (diag12V + tlV) >> 1, rgb);
            put(p, topRow, 2 * x, (diag03U + tU) >> 1, (diag03V + tV) >> 1, rgb);
            if (bottomRow >= 0) {
                put(p, bottomRow, 2 * x - 1, (diag03U + lU) >> 1, (diag03V + lV) >> 1, rgb);
                put(p, bottomRow, 2 * x, (diag12U + cU) >> 1, (diag12V + cV) >> 1, rgb);
            }
            tlU = tU;
            tlV = tV;
            lU = cU;
            lV = cV;
        }
        if ((len & 1) == 0) {
            put(p, topRow, len - 1, (3 * tlU + lU + 2) >> 2, (3 * tlV + lV + 2) >> 2, rgb);
            if (bottomRow >= 0) put(p, bottomRow, len - 1, (3 * lU + tlU + 2) >> 2, (3 * lV + tlV + 2) >> 2, rgb);
        }
    }

    /** VP8YuvToRgb for the pixel at (x, row). */
    private static void put(YuvPlanes p, int row, int x, int u, int v, byte[] rgb) {
        int y = p.y()[row * p.yStride() + x] & 0xFF;
        int at = (row * p.width() + x) * 3;
        rgb[at] = (byte) clip8(multHi(y, 19077) + multHi(v, 26149) - 14234);
        rgb[at + 1] = (byte) clip8(multHi(y, 19077) - multHi(u, 6419) - multHi(v, 13320) + 8708);
        rgb[at + 2] = (byte) clip8(multHi(y, 19077) + multHi(u, 33050) - 17685);
    }

    /** MultHi: the _mm_mulhi_epu16 of (v << 8) and coeff, keeping 8 fractional bits. */
    private static int multHi(int v, int coeff) {
        return (v * coeff) >> 8;
    }

    /** VP8Clip8: drops the 6 fractional bits, clamping to [0, 255]. */
    private static int clip8(int v) {
        return (v & ~YUV_MASK2) == 0 ? v >> YUV_FIX2 : v < 0 ? 0 : 255;
    }
}
