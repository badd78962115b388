/*
 * Ported from libwebp 1.2.4, src/dsp/dec.c (the intra predictors: TrueMotion, VE16_C ... HU4_C,
 * DC8uv_C ...).
 * Copyright 2010 Google Inc. All Rights Reserved. Use of this source code is governed by a
 * BSD-style license that can be found in META-INF/LICENSE-libwebp.txt.
 */
package dev.vitface.preprocess.webp;

import static dev.vitface.preprocess.webp.Vp8Macroblock.*;
import static dev.vitface.preprocess.webp.Vp8Reconstruction.BPS;

import java.util.Arrays;

/**
 * VP8's intra predictors (RFC 6386 section 12). Each fills a block at {@code dst} of the work
 * buffer (stride {@link Vp8Reconstruction#BPS}) from the samples already around it: the row above
 * at {@code dst - BPS} (with the corner at {@code dst - BPS - 1}) and the column at {@code dst - 1}.
 */
final class Vp8Predictors {
    private Vp8Predictors() {}

    /** VP8PredLuma16[mode], mode including the DC variants B_DC_PRED_NOTOP etc. */
    static void luma16(int mode, int[] b, int dst) {
        switch (mode) {
            case DC_PRED -> put(b, dst, 16, (sumTop(b, dst, 16) + sumLeft(b, dst, 16) + 16) >> 5);
            case TM_PRED -> trueMotion(b, dst, 16);
            case V_PRED -> vertical(b, dst, 16);
            case H_PRED -> horizontal(b, dst, 16);
            case B_DC_PRED_NOTOP -> put(b, dst, 16, (sumLeft(b, dst, 16) + 8) >> 4);
            case B_DC_PRED_NOLEFT -> put(b, dst, 16, (sumTop(b, dst, 16) + 8) >> 4);
            case B_DC_PRED_NOTOPLEFT -> put(b, dst, 16, 0x80);
            default -> throw new IllegalArgumentException("16x16 mode " + mode);
        }
    }

    /** VP8PredChroma8[mode]. */
    static void chroma8(int mode, int[] b, int dst) {
        switch (mode) {
            case DC_PRED -> put(b, dst, 8, (sumTop(b, dst, 8) + sumLeft(b, dst, 8) + 8) >> 4);
            case TM_PRED -> trueMotion(b, dst, 8);
            case V_PRED -> vertical(b, dst, 8);
            case H_PRED -> horizontal(b, dst, 8);
            case B_DC_PRED_NOTOP -> put(b, dst, 8, (sumLeft(b, dst, 8) + 4) >> 3);
            case B_DC_PRED_NOLEFT -> put(b, dst, 8, (sumTop(b, dst, 8) + 4) >> 3);
            case B_DC_PRED_NOTOPLEFT -> put(b, dst, 8, 0x80);
            default -> throw new IllegalArgumentException("chroma mode " + mode);
        }
    }

    /** VP8PredLuma4[mode]: the 4x4 predictors, which also read 4 samples above-right. */
    static void luma4(int mode, int[] b, int dst) {
        switch (mode) {
            case B_DC_PRED -> put(b, dst, 4, (sumTop(b, dst, 4) + sumLeft(b, dst, 4) + 4) >> 3);
            case B_TM_PRED -> trueMotion(b, dst, 4);
            case B_VE_PRED -> ve4(b, dst);
            case B_HE_PRED -> he4(b, dst);
            case B_RD_PRED -> rd4(b, dst);
            case B_VR_PRED -> vr4(b, dst);
            case B_LD_PRED -> ld4(b, dst);
            case B_VL_PRED -> vl4(b, dst);
            case B_HD_PRED -> hd4(b, dst);
            case B_HU_PRED -> hu4(b, dst);
            default -> throw new IllegalArgumentException("4x4 mode " + mode);
        }
    }

    private static int sumTop(int[] b, int dst, int size) {
        int sum = 0;
        for (int i = 0; i < size; i++) sum += b[dst - BPS + i];
        return sum;
    }

    private static int sumLeft(int[] b, int dst, int size) {
        int sum = 0;
        for (int j = 0; j < size; j++) sum += b[dst - 1 + j * BPS];
        return sum;
    }

    private static void put(int[] b, int dst, int size, int v) {
        for (int j = 0; j < size; j++) Arrays.fill(b, dst + j * BPS, dst + j * BPS + size, v);
    }

    /** TrueMotion: left + top - corner, clipped (VP8kclip1). */
    private static void trueMotion(int[] b, int dst, int size) {
        int top = dst - BPS;
        int corner = b[top - 1];
        for (int y = 0; y < size; y++) {
            int left = b[dst + y * BPS - 1];
            for (int x = 0; x < size; x++) b[dst + y * BPS + x] = Vp8Transforms.clip8(left + b[top + x] - corner);
        }
    }

    private static void vertical(int[] b, int dst, int size) {
        for (int j = 0; j < size; j++) System.arraycopy(b, dst - BPS, b, dst + j * BPS, size);
    }

    private static void horizontal(int[] b, int dst, int size) {
        for (int j = 0; j < size; j++) Arrays.fill(b, dst + j * BPS, dst + j * BPS + size, b[dst + j * BPS - 1]);
    }

    private static int avg3(int a, int b, int c) {
        return (a + 2 * b + c + 2) >> 2;
    }

    private static int avg2(int a, int b) {
        return (a + b + 1) >> 1;
    }

    private static void set(int[] b, int dst, int x, int y, int v) {
        b[dst + x + y * BPS] = v;
    }

    private static void ve4(int[] b, int dst) { // vertical, smoothed
        int top = dst - BPS;
        for (int i = 0; i < 4; i++) {
            int v = avg3(b[top + i - 1], b[top + i], b[top + i + 1]);
            for (int j = 0; j < 4; j++) set(b, dst, i, j, v);
        }
    }

    private static void he4(int[] b, int dst) { // horizontal, smoothed
        int a = b[dst - 1 - BPS];
        int bb = b[dst - 1];
        int c = b[dst - 1 + BPS];
        int d = b[dst - 1 + 2 * BPS];
        int e = b[dst - 1 + 3 * BPS];
        Arrays.fill(b, dst, dst + 4, avg3(a, bb, c));
        Arrays.fill(b, dst + BPS, dst + BPS + 4, avg3(bb, c, d));
        Arrays.fill(b, dst + 2 * BPS, dst + 2 * BPS + 4, avg3(c, d, e));
        Arrays.fill(b, dst + 3 * BPS, dst + 3 * BPS + 4, avg3(d, e, e));
    }

    private static void rd4(int[] b, int dst) { // down-right
        int i = b[dst - 1], j = b[dst - 1 + BPS], k = b[dst - 1 + 2 * BPS], l = b[dst - 1 + 3 * BPS];
        int x = b[dst - 1 - BPS];
        int a = b[dst - BPS], bb = b[dst + 1 - BPS], c = b[dst + 2 - BPS], d = b[dst + 3 - BPS];
        set(b, dst, 0, 3, avg3(j, k, l));
        int v = avg3(i, j, k);
        set(b, dst, 1, 3, v); set(b, dst, 0, 2, v);
        v = avg3(x, i, j);
        set(b, dst, 2, 3, v); set(b, dst, 1, 2, v); set(b, dst, 0, 1, v);
        v = avg3(a, x, i);
        set(b, dst, 3, 3, v); set(b, dst, 2, 2, v); set(b, dst, 1, 1, v); set(b, dst, 0, 0, v);
        v = avg3(bb, a, x);
        set(b, dst, 3, 2, v); set(b, dst, 2, 1, v); set(b, dst, 1, 0, v);
        v = avg3(c, bb, a);
        set(b, dst, 3, 1, v); set(b, dst, 2, 0, v);
        set(b, dst, 3, 0, avg3(d, c, bb));
    }

    private static void ld4(int[] b, int dst) { // down-left
        int t = dst - BPS;
        int a = b[t], bb = b[t + 1], c = b[t + 2], d = b[t + 3], e = b[t + 4], f = b[t + 5], g = b[t + 6], h = b[t + 7];
        set(b, dst, 0, 0, avg3(a, bb, c));
        int v = avg3(bb, c, d);
        set(b, dst, 1, 0, v); set(b, dst, 0, 1, v);
        v = avg3(c, d, e);
        set(b, dst, 2, 0, v); set(b, dst, 1, 1, v); set(b, dst, 0, 2, v);
        v = avg3(d, e, f);
        set(b, dst, 3, 0, v); set(b, dst, 2, 1, v); set(b, dst, 1, 2, v); set(b, dst, 0, 3, v);
        v = avg3(e, f, g);
        set(b, dst, 3, 1, v); set(b, dst, 2, 2, v); set(b, dst, 1, 3, v);
        v = avg3(f, g, h);
        set(b, dst, 3, 2, v); set(b, dst, 2, 3, v);
        set(b, dst, 3, 3, avg3(g, h, h));
    }

    private static void vr4(int[] b, int dst) { // vertical-right
        int i = b[dst - 1], j = b[dst - 1 + BPS], k = b[dst - 1 + 2 * BPS];
        int x = b[dst - 1 - BPS];
        int a = b[dst - BPS], bb = b[dst + 1 - BPS], c = b[dst + 2 - BPS], d = b[dst + 3 - BPS];
        int v = avg2(x, a);
        set(b, dst, 0, 0, v); set(b, dst, 1, 2, v);
        v = avg2(a, bb);
        set(b, dst, 1, 0, v); set(b, dst, 2, 2, v);
        v = avg2(bb, c);
        set(b, dst, 2, 0, v); set(b, dst, 3, 2, v);
        set(b, dst, 3, 0, avg2(c, d));

        set(b, dst, 0, 3, avg3(k, j, i));
        set(b, dst, 0, 2, avg3(j, i, x));
        v = avg3(i, x, a);
        set(b, dst, 0, 1, v); set(b, dst, 1, 3, v);
        v = avg3(x, a, bb);
        set(b, dst, 1, 1, v); set(b, dst, 2, 3, v);
        v = avg3(a, bb, c);
        set(b, dst, 2, 1, v); set(b, dst, 3, 3, v);
        set(b, dst, 3, 1, avg3(bb, c, d));
    }

    private static void vl4(int[] b, int dst) { // vertical-left
        int t = dst - BPS;
        int a = b[t], bb = b[t + 1], c = b[t + 2], d = b[t + 3], e = b[t + 4], f = b[t + 5], g = b[t + 6], h = b[t + 7];
        set(b, dst, 0, 0, avg2(a, bb));
        int v = avg2(bb, c);
        set(b, dst, 1, 0, v); set(b, dst, 0, 2, v);
        v = avg2(c, d);
        set(b, dst, 2, 0, v); set(b, dst, 1, 2, v);
        v = avg2(d, e);
        set(b, dst, 3, 0, v); set(b, dst, 2, 2, v);

        set(b, dst, 0, 1, avg3(a, bb, c));
        v = avg3(bb, c, d);
        set(b, dst, 1, 1, v); set(b, dst, 0, 3, v);
        v = avg3(c, d, e);
        set(b, dst, 2, 1, v); set(b, dst, 1, 3, v);
        v = avg3(d, e, f);
        set(b, dst, 3, 1, v); set(b, dst, 2, 3, v);
        set(b, dst, 3, 2, avg3(e, f, g));
        set(b, dst, 3, 3, avg3(f, g, h));
    }

    private static void hu4(int[] b, int dst) { // horizontal-up
        int i = b[dst - 1], j = b[dst - 1 + BPS], k = b[dst - 1 + 2 * BPS], l = b[dst - 1 + 3 * BPS];
        set(b, dst, 0, 0, avg2(i, j));
        int v = avg2(j, k);
        set(b, dst, 2, 0, v); set(b, dst, 0, 1, v);
        v = avg2(k, l);
        set(b, dst, 2, 1, v); set(b, dst, 0, 2, v);
        set(b, dst, 1, 0, avg3(i, j, k));
        v = avg3(j, k, l);
        set(b, dst, 3, 0, v); set(b, dst, 1, 1, v);
        v = avg3(k, l, l);
        set(b, dst, 3, 1, v); set(b, dst, 1, 2, v);
        set(b, dst, 3, 2, l); set(b, dst, 2, 2, l);
        set(b, dst, 0, 3, l); set(b, dst, 1, 3, l); set(b, dst, 2, 3, l); set(b, dst, 3, 3, l);
    }

    private static void hd4(int[] b, int dst) { // horizontal-down
        int i = b[dst - 1], j = b[dst - 1 + BPS], k = b[dst - 1 + 2 * BPS], l = b[dst - 1 + 3 * BPS];
        int x = b[dst - 1 - BPS];
        int a = b[dst - BPS], bb = b[dst + 1 - BPS], c = b[dst + 2 - BPS];
        int v = avg2(i, x);
        set(b, dst, 0, 0, v); set(b, dst, 2, 1, v);
        v = avg2(j, i);
        set(b, dst, 0, 1, v); set(b, dst, 2, 2, v);
        v = avg2(k, j);
        set(b, dst, 0, 2, v); set(b, dst, 2, 3, v);
        set(b, dst, 0, 3, avg2(l, k));

        set(b, dst, 3, 0, avg3(a, bb, c));
        set(b, dst, 2, 0, avg3(x, a, bb));
        v = avg3(i, x, a);
        set(b, dst, 1, 0, v); set(b, dst, 3, 1, v);
        v = avg3(j, i, x);
        set(b, dst, 1, 1, v); set(b, dst, 3, 2, v);
        v = avg3(k, j, i);
        set(b, dst, 1, 2, v); set(b, dst, 3, 3, v);
        set(b, dst, 1, 3, avg3(l, k, j));
    }
}
