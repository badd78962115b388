package dev.vitface.preprocess;

import java.awt.image.Raster;

/**
 * Rows of the decoded, upsampled JPEG components as libjpeg-turbo produces them, from the JDK
 * decoder's raw raster. The two agree on every layout but one: a component at full horizontal
 * and half vertical resolution (4:4:0, "h1v2"), which IJG 6b upsamples by repeating each row
 * (jdsample.c int_upsample) and libjpeg-turbo 2.x by its triangle filter (h1v2_fancy_upsample).
 * Row replication loses nothing, so such a component's own rows are read back from every second
 * raw row and upsampled the libjpeg-turbo way: output row {@code 2i} is
 * {@code (3 c[i] + c[i-1] + 1) >> 2}, row {@code 2i+1} is {@code (3 c[i] + c[i+1] + 2) >> 2},
 * with the first and last rows repeated at the image edges (jdmainct.c context rows).
 */
final class JpegComponentRows {
    private final BandRows raw;
    private final boolean[] h1v2;
    private final int[] componentRows;
    private final int[] near;
    private final int[] far;

    JpegComponentRows(Raster raster, JpegHeader header) {
        this.raw = new BandRows(raster);
        int components = header.componentIds().length;
        int maxH = 0;
        int maxV = 0;
        for (int c = 0; c < components; c++) {
            maxH = Math.max(maxH, header.hSampling()[c]);
            maxV = Math.max(maxV, header.vSampling()[c]);
        }
        this.h1v2 = new boolean[components];
        this.componentRows = new int[components];
        for (int c = 0; c < components; c++) {
            h1v2[c] = header.hSampling()[c] == maxH && 2 * header.vSampling()[c] == maxV;
            componentRows[c] = (raster.getHeight() + 1) / 2; // ceil(height * v / maxV), used only where v = maxV / 2
        }
        this.near = new int[raster.getWidth()];
        this.far = new int[raster.getWidth()];
    }

    /** Fills {@code row} with component {@code c} on output row {@code y}. */
    void read(int c, int y, int[] row) {
        if (!h1v2[c]) {
            raw.read(c, y, row);
            return;
        }
        int i = y >> 1;
        boolean upper = (y & 1) == 0;
        int neighbour = upper ? Math.max(i - 1, 0) : Math.min(i + 1, componentRows[c] - 1);
        int bias = upper ? 1 : 2;
        raw.read(c, 2 * i, near);
        raw.read(c, 2 * neighbour, far);
        for (int x = 0; x < near.length; x++) row[x] = (3 * near[x] + far[x] + bias) >> 2;
    }
}
