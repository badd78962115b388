/*
 * Ported from libwebp 1.2.4, src/dec/frame_dec.c (PrecomputeFilterStrengths, DoFilter) and
 * src/dsp/dec.c (the C edge filters: DoFilter2_C ... HFilter8i_C) with the clip tables of
 * src/dsp/dec_clip_tables.c written as clamps.
 * Copyright 2010 Google Inc. All Rights Reserved. Use of this source code is governed by a
 * BSD-style license that can be found in META-INF/LICENSE-libwebp.txt.
 */
package dev.vitface.preprocess.webp;

/**
 * VP8's in-loop deblocking filter (RFC 6386 section 15), run on the planes one macroblock at a
 * time in raster order once the macroblock row is reconstructed: first the left macroblock edge,
 * then the inner vertical edges, then the top edge, then the inner horizontal edges.
 */
final class Vp8LoopFilter {
    /** Per [segment][is 4x4]: f_limit_ (0: no filtering), f_ilevel_, hev_thresh_. */
    private final int[][] limit = new int[Vp8Header.NUM_MB_SEGMENTS][2];
    private final int[][] innerLevel = new int[Vp8Header.NUM_MB_SEGMENTS][2];
    private final int[][] hevThreshold = new int[Vp8Header.NUM_MB_SEGMENTS][2];
    private final boolean simple;
    private final YuvPlanes planes;

    Vp8LoopFilter(Vp8Header header, YuvPlanes planes) {
        this.simple = header.filterType == 1;
        this.planes = planes;
        // PrecomputeFilterStrengths
        for (int s = 0; s < Vp8Header.NUM_MB_SEGMENTS; s++) {
            int baseLevel;
            if (header.useSegment) {
                baseLevel = header.segmentFilterStrength[s];
                if (!header.absoluteDelta) baseLevel += header.filterLevel;
            } else {
                baseLevel = header.filterLevel;
            }
            for (int i4x4 = 0; i4x4 <= 1; i4x4++) {
                int level = baseLevel;
                if (header.useLfDelta) {
                    level += header.refLfDelta[0];
                    if (i4x4 == 1) level += header.modeLfDelta[0];
                }
                level = level < 0 ? 0 : Math.min(level, 63);
                if (level > 0) {
                    int ilevel = level;
                    if (header.sharpness > 0) {
                        ilevel >>= header.sharpness > 4 ? 2 : 1;
                        if (ilevel > 9 - header.sharpness) ilevel = 9 - header.sharpness;
                    }
                    if (ilevel < 1) ilevel = 1;
                    innerLevel[s][i4x4] = ilevel;
                    limit[s][i4x4] = 2 * level + ilevel;
                    hevThreshold[s][i4x4] = level >= 40 ? 2 : level >= 15 ? 1 : 0;
                }
            }
        }
    }

    /** DoFilter for the macroblock at (mbX, mbY); {@code inner} is f_inner_. */
    void filter(int mbX, int mbY, Vp8Macroblock block, boolean inner) {
        int i4x4 = block.isI4x4 ? 1 : 0;
        int limit = this.limit[block.segment][i4x4];
        if (limit == 0) return;
        int ilevel = innerLevel[block.segment][i4x4];
        int hevThresh = hevThreshold[block.segment][i4x4];
        byte[] y = planes.y();
        int yStride = planes.yStride();
        int yAt = 16 * mbY * yStride + 16 * mbX;
        if (simple) {
            if (mbX > 0) simpleHFilter16(y, yAt, yStride, limit + 4);
            if (inner) for (int k = 1; k <= 3; k++) simpleHFilter16(y, yAt + 4 * k, yStride, limit);
            if (mbY > 0) simpleVFilter16(y, yAt, yStride, limit + 4);
            if (inner) for (int k = 1; k <= 3; k++) simpleVFilter16(y, yAt + 4 * k * yStride, yStride, limit);
            return;
        }
        byte[] u = planes.u();
        byte[] v = planes.v();
        int uvStride = planes.uvStride();
        int uvAt = 8 * mbY * uvStride + 8 * mbX;
        if (mbX > 0) { // HFilter16, HFilter8
            filterLoop26(y, yAt, 1, yStride, 16, limit + 4, ilevel, hevThresh);
            filterLoop26(u, uvAt, 1, uvStride, 8, limit + 4, ilevel, hevThresh);
            filterLoop26(v, uvAt, 1, uvStride, 8, limit + 4, ilevel, hevThresh);
        }
        if (inner) { // HFilter16i, HFilter8i
            for (int k = 1; k <= 3; k++) filterLoop24(y, yAt + 4 * k, 1, yStride, 16, limit, ilevel, hevThresh);
            filterLoop24(u, uvAt + 4, 1, uvStride, 8, limit, ilevel, hevThresh);
            filterLoop24(v, uvAt + 4, 1, uvStride, 8, limit, ilevel, hevThresh);
        }
        if (mbY > 0) { // VFilter16, VFilter8
            filterLoop26(y, yAt, yStride, 1, 16, limit + 4, ilevel, hevThresh);
            filterLoop26(u, uvAt, uvStride, 1, 8, limit + 4, ilevel, hevThresh);
            filterLoop26(v, uvAt, uvStride, 1, 8, limit + 4, ilevel, hevThresh);
        }
        if (inner) { // VFilter16i, VFilter8i
            for (int k = 1; k <= 3; k++) filterLoop24(y, yAt + 4 * k * yStride, yStride, 1, 16, limit, ilevel, hevThresh);
            filterLoop24(u, uvAt + 4 * uvStride, uvStride, 1, 8, limit, ilevel, hevThresh);
            filterLoop24(v, uvAt + 4 * uvStride, uvStride, 1, 8, limit, ilevel, hevThresh);
        }
    }

    /** SimpleVFilter16_C: the horizontal edge above row {@code at}, 16 pixels wide. */
    private static void simpleVFilter16(byte[] p, int at, int stride, int thresh) {
        int thresh2 = 2 * thresh + 1;
        for (int i = 0; i < 16; i++) {
            if (needsFilter(p, at + i, stride, thresh2)) doFilter2(p, at + i, stride);
        }
    }

    /** SimpleHFilter16_C: the vertical edge left of column {@code at}, 16 pixels tall. */
    private static void simpleHFilter16(byte[] p, int at, int stride, int thresh) {
        int thresh2 = 2 * thresh + 1;
        for (int i = 0; i < 16; i++) {
            if (needsFilter(p, at + i * stride, 1, thresh2)) doFilter2(p, at + i * stride, 1);
        }
    }

    /** FilterLoop26_C: macroblock edges, up to 3 pixels changed on each side. */
    private static void filterLoop26(byte[] p, int at, int hstride, int vstride, int size, int thresh, int ithresh, int hevThresh) {
        int thresh2 = 2 * thresh + 1;
        for (int i = 0; i < size; i++, at += vstride) {
            if (needsFilter2(p, at, hstride, thresh2, ithresh)) {
                if (hev(p, at, hstride, hevThresh)) {
                    doFilter2(p, at, hstride);
                } else {
                    doFilter6(p, at, hstride);
                }
            }
        }
    }

    /** FilterLoop24_C: inner edges, up to 2 pixels changed on each side. */
    private static void filterLoop24(byte[] p, int at, int hstride, int vstride, int size, int thresh, int ithresh, int hevThresh) {
        int thresh2 = 2 * thresh + 1;
        for (int i = 0; i < size; i++, at += vstride) {
            if (needsFilter2(p, at, hstride, thresh2, ithresh)) {
                if (hev(p, at, hstride, hevThresh)) {
                    doFilter2(p, at, hstride);
                } else {
                    doFilter4(p, at, hstride);
                }
            }
        }
    }

    /** DoFilter2_C: 4 pixels in, 2 pixels out. */
    private static void doFilter2(byte[] p, int at, int step) {
        int p1 = px(p, at - 2 * step), p0 = px(p, at - step), q0 = px(p, at), q1 = px(p, at + step);
        int a = 3 * (q0 - p0) + sclip1(p1 - q1); // in [-893,892]
        int a1 = sclip2((a + 4) >> 3); // in [-16,15]
        int a2 = sclip2((a + 3) >> 3);
        p[at - step] = (byte) clip1(p0 + a2);
        p[at] = (byte) clip1(q0 - a1);
    }

    /** DoFilter4_C: 4 pixels in, 4 pixels out. */
    private static void doFilter4(byte[] p, int at, int step) {
        int p1 = px(p, at - 2 * step), p0 = px(p, at - step), q0 = px(p, at), q1 = px(p, at + step);
        int a = 3 * (q0 - p0);
        int a1 = sclip2((a + 4) >> 3);
        int a2 = sclip2((a + 3) >> 3);
        int a3 = (a1 + 1) >> 1;
        p[at - 2 * step] = (byte) clip1(p1 + a3);
        p[at - step] = (byte) clip1(p0 + a2);
        p[at] = (byte) clip1(q0 - a1);
        p[at + step] = (byte) clip1(q1 - a3);
    }

    /** DoFilter6_C: 6 pixels in, 6 pixels out. */
    private static void doFilter6(byte[] p, int at, int step) {
        int p2 = px(p, at - 3 * step), p1 = px(p, at - 2 * step), p0 = px(p, at - step);
        int q0 = px(p, at), q1 = px(p, at + step), q2 = px(p, at + 2 * step);
        int a = sclip1(3 * (q0 - p0) + sclip1(p1 - q1));
        // a is in [-128,127], a1 in [-27,27], a2 in [-18,18] and a3 in [-9,9]
        int a1 = (27 * a + 63) >> 7;
        int a2 = (18 * a + 63) >> 7;
        int a3 = (9 * a + 63) >> 7;
        p[at - 3 * step] = (byte) clip1(p2 + a3);
        p[at - 2 * step] = (byte) clip1(p1 + a2);
        p[at - step] = (byte) clip1(p0 + a1);
        p[at] = (byte) clip1(q0 - a1);
        p[at + step] = (byte) clip1(q1 - a2);
        p[at + 2 * step] = (byte) clip1(q2 - a3);
    }

    private static boolean hev(byte[] p, int at, int step, int thresh) {
        int p1 = px(p, at - 2 * step), p0 = px(p, at - step), q0 = px(p, at), q1 = px(p, at + step);
        return Math.abs(p1 - p0) > thresh || Math.abs(q1 - q0) > thresh;
    }

    /** NeedsFilter_C. */
    private static boolean needsFilter(byte[] p, int at, int step, int t) {
        int p1 = px(p, at - 2 * step), p0 = px(p, at - step), q0 = px(p, at), q1 = px(p, at + step);
        return 4 * Math.abs(p0 - q0) + Math.abs(p1 - q1) <= t;
    }

    /** NeedsFilter2_C: the edge test plus the interior differences. */
    private static boolean needsFilter2(byte[] p, int at, int step, int t, int it) {
        int p3 = px(p, at - 4 * step), p2 = px(p, at - 3 * step), p1 = px(p, at - 2 * step), p0 = px(p, at - step);
        int q0 = px(p, at), q1 = px(p, at + step), q2 = px(p, at + 2 * step), q3 = px(p, at + 3 * step);
        if (4 * Math.abs(p0 - q0) + Math.abs(p1 - q1) > t) return false;
        return Math.abs(p3 - p2) <= it && Math.abs(p2 - p1) <= it && Math.abs(p1 - p0) <= it
                && Math.abs(q3 - q2) <= it && Math.abs(q2 - q1) <= it && Math.abs(q1 - q0) <= it;
    }

    private static int px(byte[] p, int at) {
        return p[at] & 0xFF;
    }

    /** VP8ksclip1: clips [-1020, 1020] to [-128, 127]. */
    private static int sclip1(int v) {
        return v < -128 ? -128 : Math.min(v, 127);
    }

    /** VP8ksclip2: clips [-112, 112] to [-16, 15]. */
    private static int sclip2(int v) {
        return v < -16 ? -16 : Math.min(v, 15);
    }

    /** VP8kclip1: clips [-255, 511] to [0, 255]. */
    private static int clip1(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }
}
