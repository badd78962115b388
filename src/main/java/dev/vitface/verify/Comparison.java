package dev.vitface.verify;

/**
 * How far one engine output is from its golden value.
 *
 * @param maxAbs max |actual − expected|
 * @param maxRel {@code maxAbs / max|expected|}: the error relative to the tensor's scale (an
 *               element-wise ratio explodes on values near zero and says nothing)
 * @param cosine cosine similarity of the two tensors as flat vectors
 * @param argmax for logits {@code [N, labels]}: how many images get the same label; else null
 * @param pass   the verdict of the {@link Criteria} it was compared under
 */
public record Comparison(String name, String shape, double maxAbs, double maxRel, double cosine, Argmax argmax,
                         boolean pass) {

    /** Rows (images) of a {@code [N, labels]} output whose largest value is at the same index in both. */
    public record Argmax(int agreeing, int rows) {
        public boolean all() {
            return agreeing == rows;
        }

        @Override
        public String toString() {
            return agreeing + "/" + rows;
        }
    }

    /** Compares element by element; {@code pass} when every difference is within {@code atol}. */
    public static Comparison of(String name, String shape, double[] expected, float[] actual, double atol) {
        return of(name, shape, 0, expected, actual, new Criteria.MaxAbs(atol));
    }

    /**
     * Compares element by element and judges by {@code criteria}; {@code labels > 0} marks a
     * {@code [N, labels]} logits output, whose per-row argmax is compared too.
     */
    public static Comparison of(String name, String shape, int labels, double[] expected, float[] actual, Criteria criteria) {
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
        Argmax argmax = labels > 0 ? argmax(expected, actual, labels) : null;
        return new Comparison(name, shape, maxAbs, maxRel, cosine, argmax,
                finite && criteria.pass(name, maxAbs, maxRel, cosine, argmax));
    }

    private static Argmax argmax(double[] expected, float[] actual, int labels) {
        int rows = expected.length / labels;
        int agreeing = 0;
        for (int r = 0; r < rows; r++) {
            int e = 0, a = 0;
            for (int j = 1; j < labels; j++) {
                if (expected[r * labels + j] > expected[r * labels + e]) e = j;
                if (actual[r * labels + j] > actual[r * labels + a]) a = j;
            }
            if (e == a) agreeing++;
        }
        return new Argmax(agreeing, rows);
    }
}
