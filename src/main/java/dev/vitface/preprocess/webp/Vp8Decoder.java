/*
 * Ported from libwebp 1.2.4, src/dec/vp8_dec.c (ParseFrame, VP8Decode) and src/dec/frame_dec.c
 * (VP8ProcessRow, FinishRow) for the single-threaded decoder without cropping, scaling or dithering.
 * Copyright 2010 Google Inc. All Rights Reserved. Use of this source code is governed by a
 * BSD-style license that can be found in META-INF/LICENSE-libwebp.txt.
 */
package dev.vitface.preprocess.webp;

import java.io.IOException;

/**
 * Decodes a VP8 key frame, the image of a lossy WebP file, to its Y, U and V planes exactly as
 * libwebp does. VP8 decoding is normative (RFC 6386), so these are the planes of any conforming
 * decoder; this one follows libwebp's structure to make that easy to check line by line.
 */
public final class Vp8Decoder {
    private Vp8Decoder() {}

    /** The frame coded in {@code data[offset, offset + length)}, the payload of a "VP8 " chunk. */
    public static YuvPlanes decode(byte[] data, int offset, int length) throws IOException {
        Vp8Header header = Vp8Header.parse(data, offset, length);
        int mbWidth = header.mbWidth;
        YuvPlanes planes = new YuvPlanes(header.width, header.height,
                new byte[256 * mbWidth * header.mbHeight], 16 * mbWidth,
                new byte[64 * mbWidth * header.mbHeight], new byte[64 * mbWidth * header.mbHeight], 8 * mbWidth);
        Vp8IntraModes modes = new Vp8IntraModes(header);
        Vp8Residuals residuals = new Vp8Residuals(header);
        Vp8Reconstruction reconstruction = new Vp8Reconstruction(mbWidth, header.mbHeight, planes);
        Vp8LoopFilter filter = header.filterType > 0 ? new Vp8LoopFilter(header, planes) : null;

        Vp8Macroblock[] row = new Vp8Macroblock[mbWidth];
        for (int i = 0; i < mbWidth; i++) row[i] = new Vp8Macroblock();
        boolean[] filterInner = new boolean[mbWidth];
        int partitionMask = header.tokenPartitions.length - 1;
        for (int mbY = 0; mbY < header.mbHeight; mbY++) {
            Vp8BitReader tokens = header.tokenPartitions[mbY & partitionMask];
            if (!modes.parseRow(row)) throw new IOException("Premature end-of-partition0 encountered.");
            for (int mbX = 0; mbX < mbWidth; mbX++) filterInner[mbX] = residuals.decode(mbX, row[mbX], tokens);
            residuals.startRow();
            reconstruction.reconstructRow(mbY, row);
            if (filter != null) {
                for (int mbX = 0; mbX < mbWidth; mbX++) filter.filter(mbX, mbY, row[mbX], filterInner[mbX]);
            }
        }
        return planes;
    }
}
