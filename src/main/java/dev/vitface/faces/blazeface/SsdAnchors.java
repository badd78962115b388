package dev.vitface.faces.blazeface;

/**
 * The 896 anchor centres of MediaPipe's face detection graphs ({@code ssd_anchors_calculator.cc}
 * with {@code fixed_anchor_size: true}, {@code anchor_offset 0.5}, one aspect ratio plus the
 * interpolated scale, so two anchors per layer). Layers with the same stride share a grid: short
 * range strides [8, 16, 16, 16] at 128 and full range [16, 32, 32, 32] at 256 both give a 16×16
 * grid with 2 anchors per cell, then an 8×8 grid with 6. Order: grid, then y, x, anchor. Every
 * anchor is 1 × 1, so the regressors' sizes are used as they are.
 */
final class SsdAnchors {
    /** {@code [x0, y0, x1, y1, …]}, normalised to [0, 1]. */
    private final float[] centres;

    private SsdAnchors(float[] centres) {
        this.centres = centres;
    }

    /** One (side, anchors per cell) pair per grid, in output order. */
    static SsdAnchors of(int[] sides, int[] perCell) {
        int n = 0;
        for (int i = 0; i < sides.length; i++) n += sides[i] * sides[i] * perCell[i];
        float[] c = new float[2 * n];
        int k = 0;
        for (int i = 0; i < sides.length; i++) {
            int side = sides[i];
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    for (int a = 0; a < perCell[i]; a++) {
                        c[k++] = (x + 0.5f) / side;
                        c[k++] = (y + 0.5f) / side;
                    }
                }
            }
        }
        return new SsdAnchors(c);
    }

    int count() {
        return centres.length / 2;
    }

    float x(int i) {
        return centres[2 * i];
    }

    float y(int i) {
        return centres[2 * i + 1];
    }
}
