package dev.vitface.faces.align;

import dev.vitface.faces.Point;

/**
 * The least-squares similarity (rotation, uniform scale, translation; never a reflection) that
 * maps one point set onto another: S. Umeyama, "Least-squares estimation of transformation
 * parameters between two point patterns", IEEE TPAMI 13(4), 1991, equations 34–43.
 *
 * <p>Ported from dlib's {@code find_similarity_transform} (dlib/geometry/point_transforms.h,
 * Copyright (C) Davis E. King, Boost Software License 1.0, see META-INF/LICENSE-dlib.txt),
 * step for step: the same means, variances and covariance in the same order, the same choice of
 * which singular value's sign to flip when the best orthogonal map would be a reflection.
 */
final class Umeyama {
    private Umeyama() {}

    /** The similarity {@code T} minimising {@code Σ |T(from[i]) − to[i]|²}. */
    static Affine similarity(Point[] from, Point[] to) {
        if (from.length != to.length || from.length < 2) {
            throw new IllegalArgumentException("a similarity needs at least two point pairs, got "
                    + from.length + " and " + to.length + " points");
        }
        int n = from.length;
        double mfx = 0, mfy = 0, mtx = 0, mty = 0;
        for (int i = 0; i < n; i++) {
            mfx += from[i].x();
            mfy += from[i].y();
            mtx += to[i].x();
            mty += to[i].y();
        }
        mfx /= n;
        mfy /= n;
        mtx /= n;
        mty /= n;

        double sigmaFrom = 0;
        double c00 = 0, c01 = 0, c10 = 0, c11 = 0; // cov = Σ (to − mean_to)(from − mean_from)ᵀ / n
        for (int i = 0; i < n; i++) {
            double fx = from[i].x() - mfx, fy = from[i].y() - mfy;
            double tx = to[i].x() - mtx, ty = to[i].y() - mty;
            sigmaFrom += fx * fx + fy * fy;
            c00 += tx * fx;
            c01 += tx * fy;
            c10 += ty * fx;
            c11 += ty * fy;
        }
        sigmaFrom /= n;
        c00 /= n;
        c01 /= n;
        c10 /= n;
        c11 /= n;

        Svd2 svd = Svd2.of(c00, c01, c10, c11);
        // S = I, except that when U·Vᵀ would be a reflection the smaller singular direction is
        // negated, which gives the best rotation (dlib: the second unless they are equal).
        // dlib tests det(cov) < 0, or det(U)·det(V) < 0 when det(cov) == 0. For a full-rank
        // covariance both say the same; for a rank-1 one (two points, or collinear ones) det(cov)
        // comes out as rounding noise of either sign, and a negative one would flip the zero
        // singular direction into a reflection. det(U)·det(V) is Umeyama's own rule there.
        double sign0 = 1, sign1 = 1;
        if (svd.detU() * svd.detV() < 0) {
            if (svd.s1() < svd.s0()) {
                sign1 = -1;
            } else {
                sign0 = -1;
            }
        }
        // R = U · S · Vᵀ
        double r00 = svd.u00() * sign0 * svd.v00() + svd.u01() * sign1 * svd.v01();
        double r01 = svd.u00() * sign0 * svd.v10() + svd.u01() * sign1 * svd.v11();
        double r10 = svd.u10() * sign0 * svd.v00() + svd.u11() * sign1 * svd.v01();
        double r11 = svd.u10() * sign0 * svd.v10() + svd.u11() * sign1 * svd.v11();
        double scale = sigmaFrom != 0 ? 1.0 / sigmaFrom * (svd.s0() * sign0 + svd.s1() * sign1) : 1;

        double a00 = scale * r00, a01 = scale * r01, a10 = scale * r10, a11 = scale * r11;
        return new Affine(a00, a01, a10, a11, mtx - (a00 * mfx + a01 * mfy), mty - (a10 * mfx + a11 * mfy));
    }
}
