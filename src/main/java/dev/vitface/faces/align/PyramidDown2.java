package dev.vitface.faces.align;

/**
 * dlib's {@code pyramid_down<2>} for RGB images (dlib/image_transforms/image_pyramid.h,
 * {@code impl::pyramid_down_2_1}, Boost Software License 1.0), which {@code extract_image_chips}
 * uses before sampling a chip much smaller than its region.
 *
 * <p>The 5×5 Gaussian [1 4 6 4 1]ᵀ[1 4 6 4 1] / 256 applied at every second row and column, with no
 * border handling: output pixel {@code (c, r)} is centred on input pixel {@code (2c + 2, 2r + 2)},
 * the output has {@code (n − 3) / 2} columns and rows (integer division), and an input of 8 or fewer
 * rows or columns gives an empty output. Sums are exact integers (at most 255 · 256) and the result
 * is truncated: {@code sum / 256}.
 *
 * <p>dlib's own geometry for a level ({@code point_down(p) = p / 2 − (1.25, 0.75)}) does not match
 * those centres ({@code p / 2 − 1}); {@link #rectDown} keeps dlib's formula, because the chips
 * FairFace was made from were placed with it.
 */
final class PyramidDown2 {
    private PyramidDown2() {}

    static RgbView down(RgbView in) {
        int inW = in.width(), inH = in.height();
        if (inH <= 8 || inW <= 8) {
            return RgbView.empty();
        }
        int outW = (inW - 3) / 2, outH = (inH - 3) / 2;
        byte[] src = in.rgb();

        // Horizontal pass over every input row, at the output columns only.
        int[] rows = new int[inH * outW * 3];
        for (int r = 0; r < inH; r++) {
            int s = (in.offset() + r * in.stride()) * 3;
            int d = r * outW * 3;
            for (int c = 0; c < outW; c++, s += 6, d += 3) {
                for (int ch = 0; ch < 3; ch++) {
                    int i = s + ch;
                    rows[d + ch] = (src[i] & 0xFF) + 4 * (src[i + 3] & 0xFF) + 6 * (src[i + 6] & 0xFF)
                            + 4 * (src[i + 9] & 0xFF) + (src[i + 12] & 0xFF);
                }
            }
        }

        // Vertical pass at every second row, from row 2.
        byte[] out = new byte[outW * outH * 3];
        int rowLen = outW * 3;
        for (int dr = 0; dr < outH; dr++) {
            int centre = (2 * dr + 2) * rowLen;
            int d = dr * rowLen;
            for (int i = 0; i < rowLen; i++) {
                int j = centre + i;
                int sum = rows[j - 2 * rowLen] + 4 * rows[j - rowLen] + 6 * rows[j] + 4 * rows[j + rowLen] + rows[j + 2 * rowLen];
                out[d + i] = (byte) (sum >>> 8);
            }
        }
        return RgbView.whole(out, outW, outH);
    }

    /** dlib's {@code pyramid_down_2_1::rect_down}: both corners through {@code point_down}. */
    static DRect rectDown(DRect r) {
        return new DRect(r.left() / 2.0 - 1.25, r.top() / 2.0 - 0.75, r.right() / 2.0 - 1.25, r.bottom() / 2.0 - 0.75);
    }
}
