package dev.vitface.faces.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.faces.Point;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UmeyamaTest {
    private static final Random RANDOM = new Random(1991);

    /** Two points (a rank-1 covariance) included: they must give a rotation too. */
    @Test
    void recoversAKnownSimilarityFromExactPoints() {
        for (int trial = 0; trial < 1000; trial++) {
            int n = 2 + RANDOM.nextInt(6);
            double scale = Math.exp(RANDOM.nextDouble(Math.log(0.01), Math.log(100)));
            double angle = RANDOM.nextDouble(-Math.PI, Math.PI);
            Affine known = new Affine(scale * Math.cos(angle), -scale * Math.sin(angle), scale * Math.sin(angle), scale * Math.cos(angle),
                    RANDOM.nextDouble(-1000, 1000), RANDOM.nextDouble(-1000, 1000));
            Point[] from = randomPoints(n, 300);
            Point[] to = new Point[n];
            for (int i = 0; i < n; i++) to[i] = known.apply(from[i]);

            Affine fit = Umeyama.similarity(from, to);
            assertClose(known, fit, 1e-9, "trial " + trial);
        }
    }

    /**
     * The best proper similarity for points that are a mirror image of the template: the fit
     * must stay a rotation (no reflection) and be the least-squares optimum, checked against the
     * closed form that 2-D points allow (complex numbers: z' = a·z + t, a = Σ w̄·z' / Σ |w|²).
     */
    @Test
    void aMirroredPatternGetsTheBestRotationNotAReflection() {
        for (int trial = 0; trial < 200; trial++) {
            Point[] from = randomPoints(4 + RANDOM.nextInt(4), 100);
            Point[] to = new Point[from.length];
            for (int i = 0; i < from.length; i++) {
                to[i] = new Point(-2 * from[i].x() + 17 + RANDOM.nextGaussian(), 2 * from[i].y() - 5 + RANDOM.nextGaussian());
            }
            Affine fit = Umeyama.similarity(from, to);
            assertTrue(fit.determinant() > 0, "a rotation, not a reflection");
            assertClose(complexLeastSquares(from, to), fit, 1e-9, "trial " + trial);
        }
    }

    @Test
    void noisyPointsGetTheLeastSquaresSimilarity() {
        for (int trial = 0; trial < 200; trial++) {
            Point[] from = randomPoints(2 + RANDOM.nextInt(10), 100);
            Point[] to = randomPoints(from.length, 500);
            assertClose(complexLeastSquares(from, to), Umeyama.similarity(from, to), 1e-9, "trial " + trial);
        }
    }

    @Test
    void refusesTooFewOrUnpairedPoints() {
        Point p = new Point(1, 2);
        assertThrows(IllegalArgumentException.class, () -> Umeyama.similarity(new Point[] {p}, new Point[] {p}));
        assertThrows(IllegalArgumentException.class, () -> Umeyama.similarity(new Point[] {p, p}, new Point[] {p, p, p}));
    }

    /** The independent twin: for centred points w (from) and w' (to), a = Σ conj(w)·w' / Σ |w|². */
    private static Affine complexLeastSquares(Point[] from, Point[] to) {
        int n = from.length;
        double fx = 0, fy = 0, tx = 0, ty = 0;
        for (int i = 0; i < n; i++) {
            fx += from[i].x() / n;
            fy += from[i].y() / n;
            tx += to[i].x() / n;
            ty += to[i].y() / n;
        }
        double re = 0, im = 0, norm = 0;
        for (int i = 0; i < n; i++) {
            double ax = from[i].x() - fx, ay = from[i].y() - fy, bx = to[i].x() - tx, by = to[i].y() - ty;
            re += ax * bx + ay * by;
            im += ax * by - ay * bx;
            norm += ax * ax + ay * ay;
        }
        double a = re / norm, b = im / norm;
        return new Affine(a, -b, b, a, tx - (a * fx - b * fy), ty - (b * fx + a * fy));
    }

    private static Point[] randomPoints(int n, double range) {
        Point[] p = new Point[n];
        for (int i = 0; i < n; i++) p[i] = new Point(RANDOM.nextDouble(-range, range), RANDOM.nextDouble(-range, range));
        return p;
    }

    private static void assertClose(Affine expected, Affine actual, double tol, String what) {
        double[] e = {expected.m00(), expected.m01(), expected.m10(), expected.m11(), expected.tx(), expected.ty()};
        double[] a = {actual.m00(), actual.m01(), actual.m10(), actual.m11(), actual.tx(), actual.ty()};
        for (int i = 0; i < 6; i++) {
            assertEquals(e[i], a[i], tol, what + ": expected " + expected + ", got " + actual);
        }
    }
}
