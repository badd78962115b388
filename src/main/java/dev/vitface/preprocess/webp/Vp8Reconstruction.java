/*
 * Ported from libwebp 1.2.4, src/dec/frame_dec.c (ReconstructRow, CheckMode) and the work buffer
 * layout of src/dec/vp8i_dec.h (YUV_SIZE, Y_OFF, U_OFF, V_OFF).
 * Copyright 2010 Google Inc. All Rights Reserved. Use of this source code is governed by a
 * BSD-style license that can be found in META-INF/LICENSE-libwebp.txt.
 */
package dev.vitface.preprocess.webp;

import static dev.vitface.preprocess.webp.Vp8Macroblock.*;

import java.util.Arrays;

/**
 * Prediction plus residual for one row of macroblocks at a time, into the frame's Y, U and V
 * planes. Like libwebp, each macroblock is built in a small work buffer whose borders hold the
 * neighbours' samples as they were <em>before</em> loop filtering (intra prediction reads
 * unfiltered pixels; the filter runs on the planes afterwards): the left ones carried over from
 * the previous macroblock, the top ones from a copy of the previous row's bottom line.
 */
final class Vp8Reconstruction {
    /** The work buffer's stride. */
    static final int BPS = 32;
    private static final int Y_OFF = BPS + 8;
    private static final int U_OFF = Y_OFF + BPS * 16 + BPS;
    private static final int V_OFF = U_OFF + 16;
    private static final int YUV_SIZE = BPS * 17 + BPS * 9;
    /** kScan: the position of each 4x4 luma block in the work buffer. */
    private static final int[] SCAN = new int[16];

    static {
        for (int n = 0; n < 16; n++) SCAN[n] = (n & 3) * 4 + (n >> 2) * 4 * BPS;
    }

    private final int mbWidth;
    private final int mbHeight;
    private final YuvPlanes planes;
    private final int[] b = new int[YUV_SIZE];
    /** yuv_t_: the unfiltered bottom line of the row above, 16 luma and 8+8 chroma samples per column. */
    private final int[] topY;
    private final int[] topU;
    private final int[] topV;

    Vp8Reconstruction(int mbWidth, int mbHeight, YuvPlanes planes) {
        this.mbWidth = mbWidth;
        this.mbHeight = mbHeight;
        this.planes = planes;
        this.topY = new int[16 * mbWidth];
        this.topU = new int[8 * mbWidth];
        this.topV = new int[8 * mbWidth];
    }

    /** ReconstructRow. */
    void reconstructRow(int mbY, Vp8Macroblock[] row) {
        // Initialize left-most block.
        for (int j = 0; j < 16; j++) b[Y_OFF + j * BPS - 1] = 129;
        for (int j = 0; j < 8; j++) {
            b[U_OFF + j * BPS - 1] = 129;
            b[V_OFF + j * BPS - 1] = 129;
        }
        // Init top-left sample on left column too.
        if (mbY > 0) {
            b[Y_OFF - 1 - BPS] = b[U_OFF - 1 - BPS] = b[V_OFF - 1 - BPS] = 129;
        } else {
            // Once for the whole topmost row: 127 above, and above-right.
            Arrays.fill(b, Y_OFF - BPS - 1, Y_OFF - BPS - 1 + 16 + 4 + 1, 127);
            Arrays.fill(b, U_OFF - BPS - 1, U_OFF - BPS - 1 + 8 + 1, 127);
            Arrays.fill(b, V_OFF - BPS - 1, V_OFF - BPS - 1 + 8 + 1, 127);
        }

        for (int mbX = 0; mbX < mbWidth; mbX++) {
            Vp8Macroblock block = row[mbX];
            // Rotate in the left samples from the previously decoded block (four at a time, as libwebp).
            if (mbX > 0) {
                for (int j = -1; j < 16; j++) System.arraycopy(b, Y_OFF + j * BPS + 12, b, Y_OFF + j * BPS - 4, 4);
                for (int j = -1; j < 8; j++) {
                    System.arraycopy(b, U_OFF + j * BPS + 4, b, U_OFF + j * BPS - 4, 4);
                    System.arraycopy(b, V_OFF + j * BPS + 4, b, V_OFF + j * BPS - 4, 4);
                }
            }
            // Bring the top samples into the cache.
            if (mbY > 0) {
                System.arraycopy(topY, 16 * mbX, b, Y_OFF - BPS, 16);
                System.arraycopy(topU, 8 * mbX, b, U_OFF - BPS, 8);
                System.arraycopy(topV, 8 * mbX, b, V_OFF - BPS, 8);
            }
            predictLumaAndAddResiduals(mbX, mbY, block);
            int predFunc = checkMode(mbX, mbY, block.uvMode);
            Vp8Predictors.chroma8(predFunc, b, U_OFF);
            Vp8Predictors.chroma8(predFunc, b, V_OFF);
            Vp8Transforms.chroma(block.nonZeroUv, block.coeffs, 16 * 16, b, U_OFF);
            Vp8Transforms.chroma(block.nonZeroUv >> 8, block.coeffs, 20 * 16, b, V_OFF);

            // Stash away the top samples for the next row.
            if (mbY < mbHeight - 1) {
                System.arraycopy(b, Y_OFF + 15 * BPS, topY, 16 * mbX, 16);
                System.arraycopy(b, U_OFF + 7 * BPS, topU, 8 * mbX, 8);
                System.arraycopy(b, V_OFF + 7 * BPS, topV, 8 * mbX, 8);
            }
            store(mbX, mbY);
        }
    }

    private void predictLumaAndAddResiduals(int mbX, int mbY, Vp8Macroblock block) {
        int bits = block.nonZeroY;
        if (block.isI4x4) {
            int topRight = Y_OFF - BPS + 16;
            if (mbY > 0) {
                if (mbX >= mbWidth - 1) { // on rightmost border
                    Arrays.fill(b, topRight, topRight + 4, topY[16 * mbX + 15]);
                } else {
                    System.arraycopy(topY, 16 * (mbX + 1), b, topRight, 4);
                }
            }
            // Replicate the top-right pixels below: the right-hand 4x4 blocks of rows 1-3 read them too.
            for (int r = 1; r <= 3; r++) System.arraycopy(b, topRight, b, topRight + 4 * r * BPS, 4);
            for (int n = 0; n < 16; n++, bits <<= 2) {
                int dst = Y_OFF + SCAN[n];
                Vp8Predictors.luma4(block.imodes[n], b, dst);
                Vp8Transforms.luma(bits, block.coeffs, n * 16, b, dst);
            }
        } else {
            Vp8Predictors.luma16(checkMode(mbX, mbY, block.imodes[0]), b, Y_OFF);
            if (bits != 0) {
                for (int n = 0; n < 16; n++, bits <<= 2) Vp8Transforms.luma(bits, block.coeffs, n * 16, b, Y_OFF + SCAN[n]);
            }
        }
    }

    /** CheckMode: DC prediction on the picture's top row or left column averages what exists. */
    private static int checkMode(int mbX, int mbY, int mode) {
        if (mode != B_DC_PRED) return mode;
        if (mbX == 0) return mbY == 0 ? B_DC_PRED_NOTOPLEFT : B_DC_PRED_NOLEFT;
        return mbY == 0 ? B_DC_PRED_NOTOP : B_DC_PRED;
    }

    /** Transfers the reconstructed macroblock from the work buffer to the planes. */
    private void store(int mbX, int mbY) {
        for (int j = 0; j < 16; j++) {
            int out = (16 * mbY + j) * planes.yStride() + 16 * mbX;
            for (int i = 0; i < 16; i++) planes.y()[out + i] = (byte) b[Y_OFF + j * BPS + i];
        }
        for (int j = 0; j < 8; j++) {
            int out = (8 * mbY + j) * planes.uvStride() + 8 * mbX;
            for (int i = 0; i < 8; i++) {
                planes.u()[out + i] = (byte) b[U_OFF + j * BPS + i];
                planes.v()[out + i] = (byte) b[V_OFF + j * BPS + i];
            }
        }
    }
}
