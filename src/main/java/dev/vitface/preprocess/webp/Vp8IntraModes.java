/*
 * Ported from libwebp 1.2.4, src/dec/tree_dec.c (ParseIntraMode, VP8ParseIntraModeRow).
 * Copyright 2010 Google Inc. All Rights Reserved. Use of this source code is governed by a
 * BSD-style license that can be found in META-INF/LICENSE-libwebp.txt.
 */
package dev.vitface.preprocess.webp;

import static dev.vitface.preprocess.webp.Vp8Macroblock.*;

import java.util.Arrays;

/**
 * Reads the per-macroblock header from partition 0 (RFC 6386 sections 10, 11): segment, skip flag,
 * 16x16 or 4x4 luma modes, chroma mode. The 4x4 mode probabilities depend on the modes above and
 * to the left, which this keeps.
 */
final class Vp8IntraModes {
    private final Vp8Header header;
    /** intra_t_: the bottom row of 4x4 modes of each macroblock in the row above. */
    private final int[] top;
    /** intra_l_: the right column of 4x4 modes of the macroblock to the left. */
    private final int[] left = new int[4];

    Vp8IntraModes(Vp8Header header) {
        this.header = header;
        this.top = new int[4 * header.mbWidth]; // B_DC_PRED
    }

    /** VP8ParseIntraModeRow: false when partition 0 ran out. */
    boolean parseRow(Vp8Macroblock[] row) {
        for (int mbX = 0; mbX < header.mbWidth; mbX++) parse(mbX, row[mbX]);
        Arrays.fill(left, B_DC_PRED); // VP8InitScanline, for the next row
        return !header.modes.eof();
    }

    private void parse(int mbX, Vp8Macroblock block) {
        Vp8BitReader br = header.modes;
        if (header.updateSegmentMap) {
            int[] p = header.segmentProbas;
            block.segment = br.getBit(p[0]) == 0 ? br.getBit(p[1]) : br.getBit(p[2]) + 2;
        } else {
            block.segment = 0;
        }
        if (header.useSkipProba) block.skip = br.getBit(header.skipProba) == 1;

        block.isI4x4 = br.getBit(145) == 0;
        int t = 4 * mbX;
        if (!block.isI4x4) {
            int ymode = br.getBit(156) == 1
                    ? (br.getBit(128) == 1 ? TM_PRED : H_PRED)
                    : (br.getBit(163) == 1 ? V_PRED : DC_PRED);
            block.imodes[0] = ymode;
            Arrays.fill(top, t, t + 4, ymode);
            Arrays.fill(left, ymode);
        } else {
            for (int y = 0; y < 4; y++) {
                int ymode = left[y];
                for (int x = 0; x < 4; x++) {
                    ymode = readSubblockMode(br, Vp8Tables.B_MODES_PROBA[top[t + x]][ymode]);
                    top[t + x] = ymode;
                }
                System.arraycopy(top, t, block.imodes, 4 * y, 4);
                left[y] = ymode;
            }
        }
        block.uvMode = br.getBit(142) == 0 ? DC_PRED
                : br.getBit(114) == 0 ? V_PRED
                : br.getBit(183) == 1 ? TM_PRED : H_PRED;
    }

    /** The hardcoded 4x4 mode tree (the USE_GENERIC_TREE == 0 branch). */
    private static int readSubblockMode(Vp8BitReader br, int[] prob) {
        if (br.getBit(prob[0]) == 0) return B_DC_PRED;
        if (br.getBit(prob[1]) == 0) return B_TM_PRED;
        if (br.getBit(prob[2]) == 0) return B_VE_PRED;
        if (br.getBit(prob[3]) == 0) {
            if (br.getBit(prob[4]) == 0) return B_HE_PRED;
            return br.getBit(prob[5]) == 0 ? B_RD_PRED : B_VR_PRED;
        }
        if (br.getBit(prob[6]) == 0) return B_LD_PRED;
        if (br.getBit(prob[7]) == 0) return B_VL_PRED;
        return br.getBit(prob[8]) == 0 ? B_HD_PRED : B_HU_PRED;
    }
}
