package dev.vitface.eval;

import java.util.Arrays;

/**
 * Counts of (labelled class, predicted class) pairs: {@code count(t, p)} faces labelled {@code t}
 * were predicted {@code p}. Rows are labels and columns predictions, as in scikit-learn's
 * {@code confusion_matrix}.
 */
public final class ConfusionMatrix {
    private final int classes;
    private final long[] counts; // [truth * classes + predicted]

    private ConfusionMatrix(int classes) {
        this.classes = classes;
        this.counts = new long[Math.multiplyExact(classes, classes)];
    }

    /** Counts every face: {@code truth[i]} and {@code predicted[i]} are class indexes in [0, classes). */
    public static ConfusionMatrix of(int classes, int[] truth, int[] predicted) {
        checkLengths(truth, predicted);
        ConfusionMatrix matrix = new ConfusionMatrix(classes);
        for (int i = 0; i < truth.length; i++) matrix.add(truth[i], predicted[i]);
        return matrix;
    }

    /** Counts only the faces whose indexes are listed in {@code rows}. */
    public static ConfusionMatrix ofRows(int classes, int[] truth, int[] predicted, int[] rows) {
        checkLengths(truth, predicted);
        ConfusionMatrix matrix = new ConfusionMatrix(classes);
        for (int row : rows) matrix.add(truth[row], predicted[row]);
        return matrix;
    }

    public int classes() {
        return classes;
    }

    public long count(int truth, int predicted) {
        return counts[truth * classes + predicted];
    }

    /** Faces labelled {@code c}: scikit-learn's "support". */
    public long labelled(int c) {
        long sum = 0;
        for (int p = 0; p < classes; p++) sum += count(c, p);
        return sum;
    }

    /** Faces predicted {@code c}. */
    public long predicted(int c) {
        long sum = 0;
        for (int t = 0; t < classes; t++) sum += count(t, c);
        return sum;
    }

    public long correct() {
        long sum = 0;
        for (int c = 0; c < classes; c++) sum += count(c, c);
        return sum;
    }

    public long total() {
        return Arrays.stream(counts).sum();
    }

    private void add(int truth, int predicted) {
        if (truth < 0 || truth >= classes || predicted < 0 || predicted >= classes) {
            throw new IllegalArgumentException("class pair (" + truth + ", " + predicted + ") outside [0, " + classes + ")");
        }
        counts[truth * classes + predicted]++;
    }

    private static void checkLengths(int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " labels but " + predicted.length + " predictions");
        }
    }
}
