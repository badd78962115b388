package dev.vitface.faces.align;

/** dlib's integer {@code rectangle}: inclusive pixel bounds, empty when {@code left > right} or {@code top > bottom}. */
record PixelRect(long left, long top, long right, long bottom) {

    static final PixelRect EMPTY = new PixelRect(0, 0, -1, -1);

    /** dlib's {@code drectangle → rectangle} conversion: each side by {@code std::lround}. */
    static PixelRect rounded(DRect r) {
        return new PixelRect(lround(r.left()), lround(r.top()), lround(r.right()), lround(r.bottom()));
    }

    boolean isEmpty() {
        return top > bottom || left > right;
    }

    long width() {
        return isEmpty() ? 0 : right - left + 1;
    }

    long height() {
        return isEmpty() ? 0 : bottom - top + 1;
    }

    /** C's {@code lround}: halves round away from zero (Java's {@code Math.round} rounds them up). */
    static long lround(double x) {
        return x < 0 ? -Math.round(-x) : Math.round(x);
    }
}
