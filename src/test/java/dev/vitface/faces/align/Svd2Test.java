package dev.vitface.faces.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The closed-form 2×2 SVD: U·diag(s)·Vᵀ rebuilds M, U and V are orthogonal, s0 ≥ s1 ≥ 0, to 1e-12 of |M|. */
class Svd2Test {

    @ParameterizedTest(name = "[[{0}, {1}], [{2}, {3}]]")
    @CsvSource({
            "1, 0, 0, 1", "0, 0, 0, 0", "1, 0, 0, -1", "-1, 0, 0, 1", "0, 1, 1, 0", "0, -1, 1, 0",
            "3, 0, 0, 3", "2, 0, 0, 5", "-2, 0, 0, -5", "1, 2, 2, 4", "1, 1, 1, 1", "0, 0, 0, 7",
            "1e-300, 0, 0, 1e-300", "1e150, -3e150, 2e150, 5e150", "0.6, -0.8, 0.8, 0.6", "0.6, 0.8, 0.8, -0.6",
    })
    void decomposes(double a, double b, double c, double d) {
        check(a, b, c, d);
    }

    @Test
    void decomposesRandomMatrices() {
        Random random = new Random(14);
        for (int i = 0; i < 10_000; i++) {
            double scale = Math.pow(10, random.nextInt(13) - 6);
            check(scale * random.nextGaussian(), scale * random.nextGaussian(), scale * random.nextGaussian(), scale * random.nextGaussian());
        }
    }

    private static void check(double a, double b, double c, double d) {
        Svd2 s = Svd2.of(a, b, c, d);
        double norm = Math.hypot(Math.hypot(a, b), Math.hypot(c, d));
        double tol = 1e-12 * norm;
        String at = "M = [[" + a + ", " + b + "], [" + c + ", " + d + "]]";
        assertTrue(s.s0() >= s.s1() && s.s1() >= 0, "ordered, non-negative singular values for " + at);
        // U · diag(s) · Vᵀ
        assertEquals(a, s.u00() * s.s0() * s.v00() + s.u01() * s.s1() * s.v01(), tol, at);
        assertEquals(b, s.u00() * s.s0() * s.v10() + s.u01() * s.s1() * s.v11(), tol, at);
        assertEquals(c, s.u10() * s.s0() * s.v00() + s.u11() * s.s1() * s.v01(), tol, at);
        assertEquals(d, s.u10() * s.s0() * s.v10() + s.u11() * s.s1() * s.v11(), tol, at);
        assertOrthogonal(s.u00(), s.u01(), s.u10(), s.u11(), at);
        assertOrthogonal(s.v00(), s.v01(), s.v10(), s.v11(), at);
        // s0·s1 = |det M| and s0² + s1² = |M|², independently of U and V.
        assertEquals(Math.abs(a * d - b * c), s.s0() * s.s1(), 1e-12 * norm * norm, at);
        assertEquals(norm, Math.hypot(s.s0(), s.s1()), tol, at);
    }

    private static void assertOrthogonal(double m00, double m01, double m10, double m11, String at) {
        assertEquals(1, m00 * m00 + m10 * m10, 1e-14, at);
        assertEquals(1, m01 * m01 + m11 * m11, 1e-14, at);
        assertEquals(0, m00 * m01 + m10 * m11, 1e-14, at);
    }
}
