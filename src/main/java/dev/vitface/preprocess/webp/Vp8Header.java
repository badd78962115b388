/*
 * Ported from libwebp 1.2.4, src/dec/vp8_dec.c (VP8GetInfo, VP8GetHeaders and the header parsers),
 * src/dec/quant_dec.c (VP8ParseQuant) and src/dec/tree_dec.c (VP8ParseProba).
 * Copyright 2010 Google Inc. All Rights Reserved. Use of this source code is governed by a
 * BSD-style license that can be found in META-INF/LICENSE-libwebp.txt.
 */
package dev.vitface.preprocess.webp;

import java.io.IOException;

/**
 * Everything a VP8 key frame states before its macroblocks (RFC 6386 section 9): size, segments,
 * loop filter, token partitions, dequantisation factors and coefficient probabilities. Parsing
 * leaves {@link #modes} positioned at the first macroblock's modes.
 */
final class Vp8Header {
    static final int NUM_MB_SEGMENTS = 4;

    final int width;
    final int height;
    final int mbWidth;
    final int mbHeight;

    /** Segment header (paragraph 9.3). */
    final boolean useSegment;
    final boolean updateSegmentMap;
    final boolean absoluteDelta;
    final int[] segmentQuantizer = new int[NUM_MB_SEGMENTS];
    final int[] segmentFilterStrength = new int[NUM_MB_SEGMENTS];
    final int[] segmentProbas = {255, 255, 255};

    /** Filter header (paragraph 9.4); {@code filterType} 0 none, 1 simple, 2 complex. */
    final boolean simpleFilter;
    final int filterLevel;
    final int sharpness;
    final boolean useLfDelta;
    final int[] refLfDelta = new int[4];
    final int[] modeLfDelta = new int[4];
    final int filterType;

    /** Partition 0 after the header: the per-macroblock modes. */
    final Vp8BitReader modes;
    /** The token partitions; macroblock row {@code y} reads partition {@code y & (length - 1)}. */
    final Vp8BitReader[] tokenPartitions;

    /** Dequantisation factors per segment, each {DC, AC}. */
    final int[][] y1Quant = new int[NUM_MB_SEGMENTS][];
    final int[][] y2Quant = new int[NUM_MB_SEGMENTS][];
    final int[][] uvQuant = new int[NUM_MB_SEGMENTS][];

    /**
     * {@code bands[type][position]}: the [context][proba] table for a coefficient position (0..16,
     * 16 a sentinel), libwebp's {@code bands_ptr_}. Types: 0 i16 AC, 1 i16 DC (Y2), 2 chroma, 3 i4.
     */
    final int[][][][] bands = new int[4][17][][];
    final boolean useSkipProba;
    final int skipProba;

    private Vp8Header(byte[] data, int offset, int length) throws IOException {
        // VP8GetInfo / VP8GetHeaders paragraph 9.1: the 3-byte frame tag.
        if (length < 10) throw new IOException("VP8 data too short for a frame header");
        int bits = (data[offset] & 0xFF) | (data[offset + 1] & 0xFF) << 8 | (data[offset + 2] & 0xFF) << 16;
        boolean keyFrame = (bits & 1) == 0;
        int profile = (bits >> 1) & 7;
        boolean show = ((bits >> 4) & 1) != 0;
        int partitionLength = bits >>> 5;
        if (!keyFrame) throw new IOException("VP8 frame is not a key frame");
        if (profile > 3) throw new IOException("Incorrect keyframe parameters.");
        if (!show) throw new IOException("Frame not displayable.");
        int pos = offset + 3;
        int left = length - 3;
        // Paragraph 9.2: start code and dimensions (the scaling bits are ignored, as libwebp does).
        if ((data[pos] & 0xFF) != 0x9d || (data[pos + 1] & 0xFF) != 0x01 || (data[pos + 2] & 0xFF) != 0x2a) {
            throw new IOException("Bad code word");
        }
        width = ((data[pos + 4] & 0xFF) << 8 | (data[pos + 3] & 0xFF)) & 0x3fff;
        height = ((data[pos + 6] & 0xFF) << 8 | (data[pos + 5] & 0xFF)) & 0x3fff;
        if (width == 0 || height == 0) throw new IOException("VP8 frame of zero width or height");
        pos += 7;
        left -= 7;
        mbWidth = (width + 15) >> 4;
        mbHeight = (height + 15) >> 4;

        if (partitionLength > left) throw new IOException("bad partition length");
        Vp8BitReader br = new Vp8BitReader(data, pos, partitionLength);
        pos += partitionLength;
        left -= partitionLength;
        br.getValue(1); // colour space: only YCbCr exists
        br.getValue(1); // clamping type: libwebp always clamps

        // ParseSegmentHeader
        useSegment = br.getValue(1) == 1;
        boolean absolute = true;
        boolean updateMap = false;
        if (useSegment) {
            updateMap = br.getValue(1) == 1;
            if (br.getValue(1) == 1) { // update data
                absolute = br.getValue(1) == 1;
                for (int s = 0; s < NUM_MB_SEGMENTS; s++) segmentQuantizer[s] = br.getValue(1) == 1 ? br.getSignedValue(7) : 0;
                for (int s = 0; s < NUM_MB_SEGMENTS; s++) segmentFilterStrength[s] = br.getValue(1) == 1 ? br.getSignedValue(6) : 0;
            }
            if (updateMap) {
                for (int s = 0; s < segmentProbas.length; s++) segmentProbas[s] = br.getValue(1) == 1 ? br.getValue(8) : 255;
            }
        }
        updateSegmentMap = updateMap;
        absoluteDelta = absolute;
        if (br.eof()) throw new IOException("cannot parse segment header");

        // ParseFilterHeader
        simpleFilter = br.getValue(1) == 1;
        filterLevel = br.getValue(6);
        sharpness = br.getValue(3);
        useLfDelta = br.getValue(1) == 1;
        if (useLfDelta && br.getValue(1) == 1) { // update lf-delta?
            for (int i = 0; i < refLfDelta.length; i++) if (br.getValue(1) == 1) refLfDelta[i] = br.getSignedValue(6);
            for (int i = 0; i < modeLfDelta.length; i++) if (br.getValue(1) == 1) modeLfDelta[i] = br.getSignedValue(6);
        }
        filterType = filterLevel == 0 ? 0 : simpleFilter ? 1 : 2;
        if (br.eof()) throw new IOException("cannot parse filter header");

        tokenPartitions = parsePartitions(br, data, pos, left);
        parseQuant(br);
        br.getValue(1); // update_proba: ignored, there is only one frame
        useSkipProba = parseProba(br);
        skipProba = useSkipProba ? br.getValue(8) : 0;
        modes = br;
    }

    /** Parses the frame header of the VP8 bitstream {@code data[offset, offset + length)}. */
    static Vp8Header parse(byte[] data, int offset, int length) throws IOException {
        return new Vp8Header(data, offset, length);
    }

    /** ParsePartitions (paragraph 9.5): 3-byte sizes of all but the last, which takes the rest. */
    private static Vp8BitReader[] parsePartitions(Vp8BitReader br, byte[] data, int start, int size) throws IOException {
        int last = (1 << br.getValue(2)) - 1;
        if (size < 3 * last) throw new IOException("cannot parse partitions");
        Vp8BitReader[] parts = new Vp8BitReader[last + 1];
        int sizes = start;
        int partStart = start + 3 * last;
        int sizeLeft = size - 3 * last;
        for (int p = 0; p < last; p++) {
            int partSize = (data[sizes] & 0xFF) | (data[sizes + 1] & 0xFF) << 8 | (data[sizes + 2] & 0xFF) << 16;
            if (partSize > sizeLeft) partSize = sizeLeft;
            parts[p] = new Vp8BitReader(data, partStart, partSize);
            partStart += partSize;
            sizeLeft -= partSize;
            sizes += 3;
        }
        parts[last] = new Vp8BitReader(data, partStart, sizeLeft);
        // libwebp reports VP8_STATUS_SUSPENDED (more data needed) when the last partition is empty.
        if (sizeLeft <= 0) throw new IOException("cannot parse partitions");
        return parts;
    }

    /** VP8ParseQuant (paragraph 9.6 and 14.1). */
    private void parseQuant(Vp8BitReader br) {
        int baseQ0 = br.getValue(7);
        int dqy1Dc = br.getValue(1) == 1 ? br.getSignedValue(4) : 0;
        int dqy2Dc = br.getValue(1) == 1 ? br.getSignedValue(4) : 0;
        int dqy2Ac = br.getValue(1) == 1 ? br.getSignedValue(4) : 0;
        int dquvDc = br.getValue(1) == 1 ? br.getSignedValue(4) : 0;
        int dquvAc = br.getValue(1) == 1 ? br.getSignedValue(4) : 0;
        for (int i = 0; i < NUM_MB_SEGMENTS; i++) {
            int q;
            if (useSegment) {
                q = segmentQuantizer[i];
                if (!absoluteDelta) q += baseQ0;
            } else if (i > 0) {
                y1Quant[i] = y1Quant[0];
                y2Quant[i] = y2Quant[0];
                uvQuant[i] = uvQuant[0];
                continue;
            } else {
                q = baseQ0;
            }
            y1Quant[i] = new int[] {Vp8Tables.DC_TABLE[clip(q + dqy1Dc, 127)], Vp8Tables.AC_TABLE[clip(q, 127)]};
            // For all x in [0..284], x*155/100 is bitwise equal to (x*101581) >> 16.
            int y2Ac = (Vp8Tables.AC_TABLE[clip(q + dqy2Ac, 127)] * 101581) >> 16;
            y2Quant[i] = new int[] {Vp8Tables.DC_TABLE[clip(q + dqy2Dc, 127)] * 2, Math.max(y2Ac, 8)};
            uvQuant[i] = new int[] {Vp8Tables.DC_TABLE[clip(q + dquvDc, 117)], Vp8Tables.AC_TABLE[clip(q + dquvAc, 127)]};
        }
    }

    /** VP8ParseProba (paragraph 13.4); returns the mb_no_coeff_skip flag read after the updates. */
    private boolean parseProba(Vp8BitReader br) {
        for (int t = 0; t < 4; t++) {
            int[][][] probas = new int[8][3][11];
            for (int b = 0; b < 8; b++) {
                for (int c = 0; c < 3; c++) {
                    for (int p = 0; p < 11; p++) {
                        probas[b][c][p] = br.getBit(Vp8Tables.COEFFS_UPDATE_PROBA[t][b][c][p]) == 1
                                ? br.getValue(8)
                                : Vp8Tables.COEFFS_PROBA_0[t][b][c][p];
                    }
                }
            }
            for (int b = 0; b < 17; b++) bands[t][b] = probas[Vp8Tables.BANDS[b]];
        }
        return br.getValue(1) == 1;
    }

    private static int clip(int v, int max) {
        return v < 0 ? 0 : Math.min(v, max);
    }
}
