/*
 * Ported from libwebp 1.2.4, src/dec/vp8_dec.c (GetLargeValue, GetCoeffsFast, NzCodeBits,
 * ParseResiduals, VP8DecodeMB).
 * Copyright 2010 Google Inc. All Rights Reserved. Use of this source code is governed by a
 * BSD-style license that can be found in META-INF/LICENSE-libwebp.txt.
 */
package dev.vitface.preprocess.webp;

import java.io.IOException;
import java.util.Arrays;

/**
 * Reads a macroblock's DCT/WHT coefficients from its token partition (RFC 6386 section 13) and
 * dequantises them, keeping the "has non-zero coefficients" contexts of the blocks above and to
 * the left.
 */
final class Vp8Residuals {
    private final Vp8Header header;
    /** mb_info_[x].nz_ and nz_dc_: per column, the bottom-row contexts of the macroblock above. */
    private final int[] topNz;
    private final int[] topNzDc;
    /** mb_info_[-1]: the same for the macroblock to the left. */
    private int leftNz;
    private int leftNzDc;

    Vp8Residuals(Vp8Header header) {
        this.header = header;
        this.topNz = new int[header.mbWidth];
        this.topNzDc = new int[header.mbWidth];
    }

    /** VP8InitScanline: a new row has nothing to its left. */
    void startRow() {
        leftNz = 0;
        leftNzDc = 0;
    }

    /**
     * VP8DecodeMB: the coefficients of {@code block} at column {@code mbX}. Returns whether the
     * macroblock needs its inner edges loop-filtered; throws when the partition ran out.
     */
    boolean decode(int mbX, Vp8Macroblock block, Vp8BitReader tokens) throws IOException {
        boolean skip = header.useSkipProba && block.skip;
        if (!skip) {
            skip = parseResiduals(mbX, block, tokens);
        } else {
            leftNz = topNz[mbX] = 0;
            if (!block.isI4x4) leftNzDc = topNzDc[mbX] = 0;
            block.nonZeroY = 0;
            block.nonZeroUv = 0;
        }
        if (tokens.eof()) throw new IOException("Premature end-of-file encountered.");
        // f_inner_ = is_i4x4 (PrecomputeFilterStrengths), then |= !skip (VP8DecodeMB)
        return block.isI4x4 || !skip;
    }

    /** ParseResiduals; returns true when no coefficient is non-zero. */
    private boolean parseResiduals(int mbX, Vp8Macroblock block, Vp8BitReader br) {
        int[][][][] bands = header.bands;
        short[] dst = block.coeffs;
        Arrays.fill(dst, (short) 0);
        int[] y1 = header.y1Quant[block.segment];
        int first;
        int[][][] acProba;
        if (!block.isI4x4) { // parse DC
            short[] dc = new short[16];
            int ctx = topNzDc[mbX] + leftNzDc;
            int nz = getCoeffs(br, bands[1], ctx, header.y2Quant[block.segment], 0, dc, 0);
            topNzDc[mbX] = leftNzDc = nz > 0 ? 1 : 0;
            if (nz > 1) { // more than just the DC -> perform the full transform
                Vp8Transforms.transformWht(dc, dst);
            } else { // only DC is non-zero -> inlined simplified transform
                short dc0 = (short) ((dc[0] + 3) >> 3);
                for (int i = 0; i < 16 * 16; i += 16) dst[i] = dc0;
            }
            first = 1;
            acProba = bands[0];
        } else {
            first = 0;
            acProba = bands[3];
        }

        int tnz = topNz[mbX] & 0x0f;
        int lnz = leftNz & 0x0f;
        int nonZeroY = 0;
        int at = 0;
        for (int y = 0; y < 4; y++) {
            int l = lnz & 1;
            int nzCoeffs = 0;
            for (int x = 0; x < 4; x++) {
                int ctx = l + (tnz & 1);
                int nz = getCoeffs(br, acProba, ctx, y1, first, dst, at);
                l = nz > first ? 1 : 0;
                tnz = (tnz >> 1) | (l << 7);
                nzCoeffs = nzCodeBits(nzCoeffs, nz, dst[at] != 0);
                at += 16;
            }
            tnz >>= 4;
            lnz = (lnz >> 1) | (l << 7);
            nonZeroY = (nonZeroY << 8) | nzCoeffs;
        }
        int outTopNz = tnz;
        int outLeftNz = lnz >> 4;

        int nonZeroUv = 0;
        int[] uv = header.uvQuant[block.segment];
        for (int ch = 0; ch < 4; ch += 2) {
            int nzCoeffs = 0;
            tnz = topNz[mbX] >> (4 + ch);
            lnz = leftNz >> (4 + ch);
            for (int y = 0; y < 2; y++) {
                int l = lnz & 1;
                for (int x = 0; x < 2; x++) {
                    int ctx = l + (tnz & 1);
                    int nz = getCoeffs(br, bands[2], ctx, uv, 0, dst, at);
                    l = nz > 0 ? 1 : 0;
                    tnz = (tnz >> 1) | (l << 3);
                    nzCoeffs = nzCodeBits(nzCoeffs, nz, dst[at] != 0);
                    at += 16;
                }
                tnz >>= 2;
                lnz = (lnz >> 1) | (l << 5);
            }
            // Note: we don't really need the per-4x4 details for U/V blocks.
            nonZeroUv |= nzCoeffs << (4 * ch);
            outTopNz |= (tnz << 4) << ch;
            outLeftNz |= (lnz & 0xf0) << ch;
        }
        topNz[mbX] = outTopNz & 0xff; // nz_ is a uint8_t
        leftNz = outLeftNz & 0xff;

        block.nonZeroY = nonZeroY;
        block.nonZeroUv = nonZeroUv;
        return (nonZeroY | nonZeroUv) == 0;
    }

    private static int nzCodeBits(int nzCoeffs, int nz, boolean dcNz) {
        return (nzCoeffs << 2) | (nz > 3 ? 3 : nz > 1 ? 2 : dcNz ? 1 : 0);
    }

    /**
     * GetCoeffsFast: reads one block's tokens from position {@code n}, storing the dequantised
     * values (as int16_t, like libwebp) at {@code out[at + zigzag]}. Returns the position of the
     * last non-zero coefficient plus one.
     */
    private static int getCoeffs(Vp8BitReader br, int[][][] prob, int ctx, int[] dq, int n, short[] out, int at) {
        int[] p = prob[n][ctx];
        for (; n < 16; n++) {
            if (br.getBit(p[0]) == 0) return n; // previous coeff was last non-zero coeff
            while (br.getBit(p[1]) == 0) { // sequence of zero coeffs
                p = prob[++n][0];
                if (n == 16) return 16;
            }
            int[][] pCtx = prob[n + 1];
            int v;
            if (br.getBit(p[2]) == 0) {
                v = 1;
                p = pCtx[1];
            } else {
                v = getLargeValue(br, p);
                p = pCtx[2];
            }
            out[at + Vp8Tables.ZIGZAG[n]] = (short) (br.getSigned(v) * dq[n > 0 ? 1 : 0]);
        }
        return 16;
    }

    /** GetLargeValue: a token of 2 or more (RFC 6386 section 13.2). */
    private static int getLargeValue(Vp8BitReader br, int[] p) {
        int v;
        if (br.getBit(p[3]) == 0) {
            if (br.getBit(p[4]) == 0) {
                v = 2;
            } else {
                v = 3 + br.getBit(p[5]);
            }
        } else {
            if (br.getBit(p[6]) == 0) {
                if (br.getBit(p[7]) == 0) {
                    v = 5 + br.getBit(159);
                } else {
                    v = 7 + 2 * br.getBit(165);
                    v += br.getBit(145);
                }
            } else {
                int bit1 = br.getBit(p[8]);
                int bit0 = br.getBit(p[9 + bit1]);
                int cat = 2 * bit1 + bit0;
                v = 0;
                for (int tab : Vp8Tables.CAT_3456[cat]) v += v + br.getBit(tab);
                v += 3 + (8 << cat);
            }
        }
        return v;
    }
}
