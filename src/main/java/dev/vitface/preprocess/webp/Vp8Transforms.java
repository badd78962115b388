/*
 * Ported from libwebp 1.2.4, src/dsp/dec.c (TransformOne_C, TransformAC3_C, TransformDC_C,
 * TransformUV_C, TransformDCUV_C, TransformWHT_C) and src/dec/frame_dec.c (DoTransform,
 * DoUVTransform).
 * Copyright 2010 Google Inc. All Rights Reserved. Use of this source code is governed by a
 * BSD-style license that can be found in META-INF/LICENSE-libwebp.txt.
 */
package dev.vitface.preprocess.webp;

import static dev.vitface.preprocess.webp.Vp8Reconstruction.BPS;

/**
 * VP8's inverse transforms (RFC 6386 section 14): the 4x4 DCT added onto the prediction in the
 * work buffer (stride {@link Vp8Reconstruction#BPS}), and the Walsh-Hadamard transform of the
 * 16x16 modes' DC coefficients. libwebp picks a cheaper variant when only a few coefficients are
 * non-zero; the variants give the same pixels, and are kept to mirror libwebp exactly.
 */
final class Vp8Transforms {
    private Vp8Transforms() {}

    /** DoTransform: the luma block's 2-bit code sits in the top bits of {@code bits}. */
    static void luma(int bits, short[] in, int inAt, int[] dst, int at) {
        switch (bits >>> 30) {
            case 3 -> transformOne(in, inAt, dst, at);
            case 2 -> transformAc3(in, inAt, dst, at);
            case 1 -> transformDc(in, inAt, dst, at);
            default -> { }
        }
    }

    /** DoUVTransform: the four blocks of one chroma plane, codes in the low 8 bits of {@code bits}. */
    static void chroma(int bits, short[] in, int inAt, int[] dst, int at) {
        if ((bits & 0xff) == 0) return; // no non-zero coeff at all
        if ((bits & 0xaa) != 0) { // any non-zero AC coefficient? (the AC3 variant is not used for U/V)
            transformOne(in, inAt, dst, at);
            transformOne(in, inAt + 16, dst, at + 4);
            transformOne(in, inAt + 32, dst, at + 4 * BPS);
            transformOne(in, inAt + 48, dst, at + 4 * BPS + 4);
        } else {
            if (in[inAt] != 0) transformDc(in, inAt, dst, at);
            if (in[inAt + 16] != 0) transformDc(in, inAt + 16, dst, at + 4);
            if (in[inAt + 32] != 0) transformDc(in, inAt + 32, dst, at + 4 * BPS);
            if (in[inAt + 48] != 0) transformDc(in, inAt + 48, dst, at + 4 * BPS + 4);
        }
    }

    private static int mul1(int a) {
        return ((a * 20091) >> 16) + a;
    }

    private static int mul2(int a) {
        return (a * 35468) >> 16;
    }

    /** STORE: adds the descaled residual to the predicted pixel, clipped to 8 bits. */
    private static void store(int[] dst, int at, int x, int y, int v) {
        int i = at + x + y * BPS;
        dst[i] = clip8(dst[i] + (v >> 3));
    }

    private static void transformOne(short[] in, int inAt, int[] dst, int at) {
        int[] tmp = new int[16];
        for (int i = 0; i < 4; i++) { // vertical pass
            int a = in[inAt + i] + in[inAt + i + 8];
            int b = in[inAt + i] - in[inAt + i + 8];
            int c = mul2(in[inAt + i + 4]) - mul1(in[inAt + i + 12]);
            int d = mul1(in[inAt + i + 4]) + mul2(in[inAt + i + 12]);
            tmp[4 * i] = a + d;
            tmp[4 * i + 1] = b + c;
            tmp[4 * i + 2] = b - c;
            tmp[4 * i + 3] = a - d;
        }
        for (int i = 0; i < 4; i++) { // horizontal pass
            int dc = tmp[i] + 4;
            int a = dc + tmp[i + 8];
            int b = dc - tmp[i + 8];
            int c = mul2(tmp[i + 4]) - mul1(tmp[i + 12]);
            int d = mul1(tmp[i + 4]) + mul2(tmp[i + 12]);
            store(dst, at, 0, i, a + d);
            store(dst, at, 1, i, b + c);
            store(dst, at, 2, i, b - c);
            store(dst, at, 3, i, a - d);
        }
    }

    /** Simplified transform when only in[0], in[1] and in[4] are non-zero. */
    private static void transformAc3(short[] in, int inAt, int[] dst, int at) {
        int a = in[inAt] + 4;
        int c4 = mul2(in[inAt + 4]);
        int d4 = mul1(in[inAt + 4]);
        int c1 = mul2(in[inAt + 1]);
        int d1 = mul1(in[inAt + 1]);
        store2(dst, at, 0, a + d4, d1, c1);
        store2(dst, at, 1, a + c4, d1, c1);
        store2(dst, at, 2, a - c4, d1, c1);
        store2(dst, at, 3, a - d4, d1, c1);
    }

    private static void store2(int[] dst, int at, int y, int dc, int d, int c) {
        store(dst, at, 0, y, dc + d);
        store(dst, at, 1, y, dc + c);
        store(dst, at, 2, y, dc - c);
        store(dst, at, 3, y, dc - d);
    }

    private static void transformDc(short[] in, int inAt, int[] dst, int at) {
        int dc = in[inAt] + 4;
        for (int j = 0; j < 4; j++) {
            for (int i = 0; i < 4; i++) store(dst, at, i, j, dc);
        }
    }

    /** TransformWHT_C: the 16 DC coefficients to {@code out[0], out[16], ..., out[240]} (int16_t). */
    static void transformWht(short[] in, short[] out) {
        int[] tmp = new int[16];
        for (int i = 0; i < 4; i++) {
            int a0 = in[i] + in[12 + i];
            int a1 = in[4 + i] + in[8 + i];
            int a2 = in[4 + i] - in[8 + i];
            int a3 = in[i] - in[12 + i];
            tmp[i] = a0 + a1;
            tmp[8 + i] = a0 - a1;
            tmp[4 + i] = a3 + a2;
            tmp[12 + i] = a3 - a2;
        }
        int o = 0;
        for (int i = 0; i < 4; i++) {
            int dc = tmp[i * 4] + 3; // w/ rounder
            int a0 = dc + tmp[3 + i * 4];
            int a1 = tmp[1 + i * 4] + tmp[2 + i * 4];
            int a2 = tmp[1 + i * 4] - tmp[2 + i * 4];
            int a3 = dc - tmp[3 + i * 4];
            out[o] = (short) ((a0 + a1) >> 3);
            out[o + 16] = (short) ((a3 + a2) >> 3);
            out[o + 32] = (short) ((a0 - a1) >> 3);
            out[o + 48] = (short) ((a3 - a2) >> 3);
            o += 64;
        }
    }

    /** clip_8b. */
    static int clip8(int v) {
        return (v & ~0xff) == 0 ? v : v < 0 ? 0 : 255;
    }
}
