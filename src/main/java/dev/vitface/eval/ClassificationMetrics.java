package dev.vitface.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Accuracy and per-class precision, recall, F1 and support, computed as scikit-learn's
 * {@code classification_report(y_true, y_pred, zero_division=0)} computes them
 * ({@code sklearn/metrics/_classification.py}, {@code precision_recall_fscore_support}):
 *
 * <ul>
 *   <li>precision = tp / predicted, recall = tp / labelled, F1 = 2·tp / (labelled + predicted),
 *       each 0 where its denominator is 0 ({@code zero_division=0});</li>
 *   <li>the classes reported are those labelled or predicted at least once (the default
 *       {@code labels=None}); a class that appears on neither side has no line and does not
 *       dilute the macro average;</li>
 *   <li>macro average: the unweighted mean over the reported classes; weighted average: the mean
 *       weighted by support; both lines carry the total support.</li>
 * </ul>
 */
public final class ClassificationMetrics {
    private final ConfusionMatrix confusion;
    private final List<Integer> reportedClasses;

    public ClassificationMetrics(ConfusionMatrix confusion) {
        this.confusion = confusion;
        List<Integer> reported = new ArrayList<>();
        for (int c = 0; c < confusion.classes(); c++) {
            if (confusion.labelled(c) > 0 || confusion.predicted(c) > 0) reported.add(c);
        }
        this.reportedClasses = List.copyOf(reported);
    }

    public ConfusionMatrix confusion() {
        return confusion;
    }

    /** Class indexes with a report line, ascending. */
    public List<Integer> reportedClasses() {
        return reportedClasses;
    }

    public long total() {
        return confusion.total();
    }

    /** Fraction of faces predicted correctly; 0 when there are none. */
    public double accuracy() {
        return divideOrZero(confusion.correct(), confusion.total());
    }

    public ClassScores scores(int c) {
        long tp = confusion.count(c, c);
        long labelled = confusion.labelled(c);
        long predicted = confusion.predicted(c);
        return new ClassScores(divideOrZero(tp, predicted), divideOrZero(tp, labelled),
                divideOrZero(2 * tp, labelled + predicted), labelled);
    }

    public ClassScores macroAverage() {
        double precision = 0, recall = 0, f1 = 0;
        for (int c : reportedClasses) {
            ClassScores s = scores(c);
            precision += s.precision();
            recall += s.recall();
            f1 += s.f1();
        }
        int n = reportedClasses.size();
        return new ClassScores(divideOrZero(precision, n), divideOrZero(recall, n), divideOrZero(f1, n), total());
    }

    public ClassScores weightedAverage() {
        double precision = 0, recall = 0, f1 = 0;
        for (int c : reportedClasses) {
            ClassScores s = scores(c);
            precision += s.precision() * s.support();
            recall += s.recall() * s.support();
            f1 += s.f1() * s.support();
        }
        long total = total();
        return new ClassScores(divideOrZero(precision, total), divideOrZero(recall, total), divideOrZero(f1, total), total);
    }

    private static double divideOrZero(double numerator, double denominator) {
        return denominator == 0 ? 0.0 : numerator / denominator;
    }
}
