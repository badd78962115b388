package dev.vitface.faces.align;

/**
 * dlib's {@code drectangle} (dlib/geometry/drectangle.h, Boost Software License 1.0): corners in
 * pixel-centre coordinates, and dlib's inclusive size convention, {@code width = right − left + 1}.
 * The chip geometry's areas and centres depend on that convention, so it is kept as dlib has it.
 */
record DRect(double left, double top, double right, double bottom) {

    static final DRect EMPTY = new DRect(0, 0, -1, -1);

    /** dlib's {@code centered_drect(p, width, height)}. */
    static DRect centered(double cx, double cy, double width, double height) {
        double w = width - 1, h = height - 1;
        return new DRect(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
    }

    boolean isEmpty() {
        return top > bottom || left > right;
    }

    double width() {
        return isEmpty() ? 0 : right - left + 1;
    }

    double height() {
        return isEmpty() ? 0 : bottom - top + 1;
    }

    double area() {
        return width() * height();
    }

    double centerX() {
        return (left + right) / 2.0;
    }

    double centerY() {
        return (top + bottom) / 2.0;
    }

    /** The smallest rectangle holding this one and the point. */
    DRect including(double x, double y) {
        if (isEmpty()) {
            return new DRect(x, y, x, y);
        }
        return new DRect(Math.min(left, x), Math.min(top, y), Math.max(right, x), Math.max(bottom, y));
    }

    DRect intersect(DRect o) {
        return new DRect(Math.max(left, o.left), Math.max(top, o.top), Math.min(right, o.right), Math.min(bottom, o.bottom));
    }

    DRect grow(double by) {
        return new DRect(left - by, top - by, right + by, bottom + by);
    }

    DRect translate(double dx, double dy) {
        return new DRect(left + dx, top + dy, right + dx, bottom + dy);
    }
}
