package dev.vitface.faces.align;

import dev.vitface.faces.Point;
import java.util.Arrays;

/**
 * A 2-D affine map {@code (x, y) -> (m00·x + m01·y + tx, m10·x + m11·y + ty)}.
 *
 * <p>{@link #apply} evaluates {@code (m00·x + m01·y) + tx} in that order, as dlib's
 * {@code point_transform_affine} does ({@code m*p + b}), so a chip sampled through it lands on
 * the same doubles as dlib's.
 */
public record Affine(double m00, double m01, double m10, double m11, double tx, double ty) {

    public Affine {
        if (!(Double.isFinite(m00) && Double.isFinite(m01) && Double.isFinite(m10) && Double.isFinite(m11)
                && Double.isFinite(tx) && Double.isFinite(ty))) {
            throw new IllegalArgumentException("an affine map needs finite coefficients, got " + describe(m00, m01, m10, m11, tx, ty));
        }
    }

    public static Affine translation(double dx, double dy) {
        return new Affine(1, 0, 0, 1, dx, dy);
    }

    public Point apply(Point p) {
        return new Point(applyX(p.x(), p.y()), applyY(p.x(), p.y()));
    }

    public double applyX(double x, double y) {
        return m00 * x + m01 * y + tx;
    }

    public double applyY(double x, double y) {
        return m10 * x + m11 * y + ty;
    }

    public double determinant() {
        return m00 * m11 - m01 * m10;
    }

    /** The map that undoes this one; throws when this one collapses the plane. */
    public Affine inverse() {
        double det = determinant();
        if (det == 0 || !Double.isFinite(1 / det)) {
            throw new IllegalStateException("a singular affine map has no inverse: " + this);
        }
        double i00 = m11 / det, i01 = -m01 / det, i10 = -m10 / det, i11 = m00 / det;
        return new Affine(i00, i01, i10, i11, -(i00 * tx + i01 * ty), -(i10 * tx + i11 * ty));
    }

    /** This map first, then {@code next}. */
    public Affine then(Affine next) {
        return new Affine(
                next.m00 * m00 + next.m01 * m10, next.m00 * m01 + next.m01 * m11,
                next.m10 * m00 + next.m11 * m10, next.m10 * m01 + next.m11 * m11,
                next.m00 * tx + next.m01 * ty + next.tx, next.m10 * tx + next.m11 * ty + next.ty);
    }

    private static String describe(double... v) {
        return Arrays.toString(v);
    }
}
