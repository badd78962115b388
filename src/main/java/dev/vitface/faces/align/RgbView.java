package dev.vitface.faces.align;

/**
 * A rectangle of an interleaved 8-bit RGB buffer, read in place (dlib's {@code sub_image}): the
 * pixel {@code (x, y)} of the view starts at byte {@code 3 · (offset + y · stride + x)}. A view may
 * be empty (0×0), as dlib's pyramid levels of a too-small image are.
 */
record RgbView(byte[] rgb, int stride, int offset, int width, int height) {

    static RgbView empty() {
        return new RgbView(new byte[0], 0, 0, 0, 0);
    }

    static RgbView whole(byte[] rgb, int width, int height) {
        return new RgbView(rgb, width, 0, width, height);
    }

    /** The part of this view inside {@code r} (dlib clips a sub_image to its image). */
    RgbView crop(PixelRect r) {
        long left = Math.max(0, r.left()), top = Math.max(0, r.top());
        long right = Math.min(width - 1L, r.right()), bottom = Math.min(height - 1L, r.bottom());
        if (left > right || top > bottom) {
            return empty();
        }
        return new RgbView(rgb, stride, offset + (int) top * stride + (int) left, (int) (right - left + 1), (int) (bottom - top + 1));
    }
}
