package dev.vitface.verify;

/**
 * How far one engine output is from its golden value.
 *
 * @param maxAbs max |actual − expected|
 * @param maxRel {@code maxAbs / max|expected|}: the error relative to the tensor's scale (an
 *               element-wise ratio explodes on values near zero and says nothing)
 * @param cosine cosine similarity of the two tensors as flat vectors
 */
public record Comparison(String name, String shape, double maxAbs, double maxRel, double cosine, boolean pass) {

    /** Compares element by element; {@code pass} when every difference is within {@code atol}. */
    public static Comparison of(String name, String shape, double[] expected, float[] actual, double atol) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException(name + ": golden has " + expected.length + " values, engine produced "
                    + actual.length);
        }
        double maxAbs = 0, maxExpected = 0, dot = 0, ee = 0, aa = 0;
        boolean finite = true;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (!Double.isFinite(a)) finite = false;
            maxAbs = Math.max(maxAbs, Math.abs(a - e));
            maxExpected = Math.max(maxExpected, Math.abs(e));
            dot += a * e;
            ee += e * e;
            aa += a * a;
        }
        double maxRel = maxExpected == 0 ? (maxAbs == 0 ? 0 : Double.POSITIVE_INFINITY) : maxAbs / maxExpected;
        double cosine = ee == 0 || aa == 0 ? (ee == aa ? 1 : 0) : dot / Math.sqrt(ee * aa);
        return new Comparison(name, shape, maxAbs, maxRel, cosine, finite && maxAbs <= atol);
    }
}
