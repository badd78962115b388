package dev.vitface.faces.align;

/**
 * The singular value decomposition {@code M = U · diag(s0, s1) · Vᵀ} of a real 2×2 matrix
 * {@code M = [[a, b], [c, d]]}, in closed form: {@code s0 ≥ s1 ≥ 0}, U and V orthogonal.
 *
 * <p>Any 2×2 matrix is {@code [[E, −H], [H, E]] + [[F, G], [G, −F]]} with
 * {@code E = (a+d)/2, F = (a−d)/2, G = (c+b)/2, H = (c−b)/2}: a scaled rotation by
 * {@code a2 = atan2(H, E)} of size {@code Q = |(E, H)|} plus a scaled reflection at
 * {@code a1 = atan2(G, F)} of size {@code R = |(F, G)|}. Hence
 * {@code M = Rot((a2+a1)/2) · diag(Q+R, Q−R) · Rot((a2−a1)/2)}; when {@code Q − R < 0} its sign
 * moves into U's second column.
 */
record Svd2(double u00, double u01, double u10, double u11,
            double s0, double s1,
            double v00, double v01, double v10, double v11) {

    static Svd2 of(double a, double b, double c, double d) {
        double e = (a + d) / 2, f = (a - d) / 2, g = (c + b) / 2, h = (c - b) / 2;
        double q = Math.hypot(e, h), r = Math.hypot(f, g);
        double a1 = Math.atan2(g, f), a2 = Math.atan2(h, e);
        double phi = (a2 + a1) / 2, theta = (a2 - a1) / 2;
        double cu = Math.cos(phi), su = Math.sin(phi);
        // Vᵀ = Rot(theta), so V = Rot(−theta).
        double cv = Math.cos(theta), sv = Math.sin(theta);
        double s1 = q - r;
        double flip = s1 < 0 ? -1 : 1;
        return new Svd2(cu, -su * flip, su, cu * flip, q + r, Math.abs(s1), cv, sv, -sv, cv);
    }

    double detU() {
        return u00 * u11 - u01 * u10;
    }

    double detV() {
        return v00 * v11 - v01 * v10;
    }
}
