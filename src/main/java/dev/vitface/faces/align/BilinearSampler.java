package dev.vitface.faces.align;

/**
 * dlib's {@code transform_image} with {@code interpolate_bilinear} and {@code black_background}
 * (dlib/image_transforms/interpolation.h, Boost Software License 1.0), for RGB.
 *
 * <p>Chip pixel {@code (c, r)} reads the source at {@code p = map(c, r)} in pixel-centre
 * coordinates. It stays black unless the four neighbours {@code floor(p)} to {@code floor(p) + 1}
 * all lie inside the source; otherwise each channel is
 * {@code (1−ty)·((1−tx)·tl + tx·tr) + ty·((1−tx)·bl + tx·br)} in double, truncated to 8 bits
 * as dlib's {@code static_cast<unsigned char>} does. The doubles are evaluated in dlib's order
 * so the truncation falls on the same side.
 */
final class BilinearSampler {
    private BilinearSampler() {}

    /** Fills {@code chip} (cols × rows, RGB interleaved, all zero on entry) from {@code src}. */
    static void sample(RgbView src, Affine map, byte[] chip, int cols, int rows) {
        int w = src.width(), h = src.height();
        if (w < 2 || h < 2) {
            return; // no pixel has four neighbours inside: all black
        }
        byte[] rgb = src.rgb();
        int stride = src.stride(), offset = src.offset();
        // map(c, r) = (m00·c + m01·r) + tx: the products per column and per row are the same
        // doubles dlib computes per pixel, so they are hoisted out of the loop.
        double[] xByCol = new double[cols], yByCol = new double[cols];
        for (int c = 0; c < cols; c++) {
            xByCol[c] = map.m00() * c;
            yByCol[c] = map.m10() * c;
        }
        double tx = map.tx(), ty = map.ty();
        double maxLeft = w - 2, maxTop = h - 2;
        for (int r = 0; r < rows; r++) {
            double xByRow = map.m01() * r, yByRow = map.m11() * r;
            int out = r * cols * 3;
            for (int c = 0; c < cols; c++, out += 3) {
                double x = xByCol[c] + xByRow + tx;
                double y = yByCol[c] + yByRow + ty;
                double left = Math.floor(x), top = Math.floor(y);
                if (!(left >= 0 && top >= 0 && left <= maxLeft && top <= maxTop)) {
                    continue;
                }
                double fx = x - left, fy = y - top;
                double gx = 1 - fx, gy = 1 - fy;
                int i = (offset + (int) top * stride + (int) left) * 3;
                int j = i + stride * 3;
                for (int ch = 0; ch < 3; ch++) {
                    double v = gy * (gx * (rgb[i + ch] & 0xFF) + fx * (rgb[i + 3 + ch] & 0xFF))
                            + fy * (gx * (rgb[j + ch] & 0xFF) + fx * (rgb[j + 3 + ch] & 0xFF));
                    chip[out + ch] = (byte) (int) v;
                }
            }
        }
    }
}
