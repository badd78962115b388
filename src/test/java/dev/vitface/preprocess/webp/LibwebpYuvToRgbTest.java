package dev.vitface.preprocess.webp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vitface.preprocess.RgbImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The conversion's two halves checked against their definitions rather than the code: BT.601
 * limited range (16 is black, 235 white, 128 grey chroma), and fancy upsampling's 9-3-3-1
 * weights. Bit-exactness with Pillow is ImageDecoderPillowTest's job.
 */
class LibwebpYuvToRgbTest {

    @Test
    void limitedRangeLumaWithNeutralChroma() {
        assertEquals(0, grey(16));
        assertEquals(130, grey(128)); // (128 - 16) * 255 / 219 = 130.4
        assertEquals(255, grey(235));
        assertEquals(0, grey(0)); // out of range: clipped, not wrapped
        assertEquals(255, grey(255));
    }

    /**
     * A 4x4 picture over 2x2 chroma samples [a b; c d]: each pixel between four samples takes 9/16
     * of the nearest, 3/16 of the two beside it and 1/16 of the opposite one; the picture's edge
     * rows and columns interpolate along the edge only (3/4, 1/4), corners take their sample.
     */
    @Test
    void chromaIsUpsampledWithNineThreeThreeOneWeights() {
        int a = 40, b = 200, c = 90, d = 250;
        YuvPlanes planes = planes(4, 4, 128, new int[] {a, b, c, d});
        int[][] expectedU = {
            {a, edge(a, b), edge(b, a), b},
            {edge(a, c), inner(a, b, c, d), inner(b, a, d, c), edge(b, d)},
            {edge(c, a), inner(c, d, a, b), inner(d, c, b, a), edge(d, b)},
            {c, edge(c, d), edge(d, c), d},
        };
        RgbImage rgb = LibwebpYuvToRgb.toRgb(planes);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(blue(128, expectedU[y][x]), rgb.sample(x, y, 2), "blue at " + x + "," + y);
            }
        }
    }

    @Test
    void oddSizesEndOnAChromaSample() {
        // 3x3 over 2x2 chroma: no lone last column or row; the last ones interpolate as inner ones.
        int a = 10, b = 250, c = 120, d = 60;
        RgbImage rgb = LibwebpYuvToRgb.toRgb(planes(3, 3, 128, new int[] {a, b, c, d}));
        assertEquals(blue(128, a), rgb.sample(0, 0, 2));
        assertEquals(blue(128, inner(b, a, d, c)), rgb.sample(2, 1, 2));
        assertEquals(blue(128, inner(c, d, a, b)), rgb.sample(1, 2, 2));
    }

    private static int edge(int near, int far) {
        return (3 * near + far + 2) >> 2;
    }

    private static int inner(int near, int side1, int side2, int far) {
        return (9 * near + 3 * side1 + 3 * side2 + far + 8) >> 4;
    }

    /** VP8YUVToB as specified in libwebp's yuv.h comment: (19077 . y + 33050 . u - 17685) >> 6. */
    private static int blue(int y, int u) {
        int v = ((y * 19077) >> 8) + ((u * 33050) >> 8) - 17685;
        return Math.clamp(v >> 6, 0, 255);
    }

    private static int grey(int luma) {
        RgbImage rgb = LibwebpYuvToRgb.toRgb(planes(2, 2, luma, new int[] {128}));
        int r = rgb.sample(0, 0, 0);
        assertEquals(r, rgb.sample(0, 0, 1), "green");
        assertEquals(r, rgb.sample(0, 0, 2), "blue");
        return r;
    }

    /** Constant luma, V 128, the given U samples row by row. */
    private static YuvPlanes planes(int width, int height, int luma, int[] u) {
        int uvWidth = (width + 1) / 2;
        byte[] y = new byte[width * height];
        Arrays.fill(y, (byte) luma);
        byte[] uBytes = new byte[u.length];
        for (int i = 0; i < u.length; i++) uBytes[i] = (byte) u[i];
        byte[] v = new byte[u.length];
        Arrays.fill(v, (byte) 128);
        return new YuvPlanes(width, height, y, width, uBytes, v, uvWidth);
    }
}
