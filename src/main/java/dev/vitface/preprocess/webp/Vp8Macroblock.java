/*
 * Ported from libwebp 1.2.4, src/dec/vp8i_dec.h (VP8MBData) and src/dec/common_dec.h.
 * Copyright 2010 Google Inc. All Rights Reserved. Use of this source code is governed by a
 * BSD-style license that can be found in META-INF/LICENSE-libwebp.txt.
 */
package dev.vitface.preprocess.webp;

/** One macroblock's parsed data, libwebp's {@code VP8MBData}: modes, then dequantised coefficients. */
final class Vp8Macroblock {
    // Intra prediction modes (common_dec.h). The 16x16 and chroma modes share the 4x4 numbering.
    static final int B_DC_PRED = 0;
    static final int B_TM_PRED = 1;
    static final int B_VE_PRED = 2;
    static final int B_HE_PRED = 3;
    static final int B_RD_PRED = 4;
    static final int B_VR_PRED = 5;
    static final int B_LD_PRED = 6;
    static final int B_VL_PRED = 7;
    static final int B_HD_PRED = 8;
    static final int B_HU_PRED = 9;
    static final int DC_PRED = B_DC_PRED;
    static final int TM_PRED = B_TM_PRED;
    static final int V_PRED = B_VE_PRED;
    static final int H_PRED = B_HE_PRED;
    /** DC prediction variants for the picture's top row and left column (16x16 and chroma only). */
    static final int B_DC_PRED_NOTOP = 4;
    static final int B_DC_PRED_NOLEFT = 5;
    static final int B_DC_PRED_NOTOPLEFT = 6;

    /** 16 luma 4x4 blocks, 4 U, 4 V, 16 coefficients each, in raster order within the block. */
    final short[] coeffs = new short[384];
    /** The 4x4 modes in raster order when {@link #isI4x4}, else the 16x16 mode in [0]. */
    final int[] imodes = new int[16];
    boolean isI4x4;
    int uvMode;
    int segment;
    /** Whether the bitstream says the macroblock has no coefficients (only read when skip probas are on). */
    boolean skip;
    /** 2 bits per luma block, first block in the top bits: 3 full transform, 2 AC3, 1 DC only, 0 none. */
    int nonZeroY;
    /** The same for the chroma blocks: U in bits 0..7, V in bits 8..15. */
    int nonZeroUv;
}
