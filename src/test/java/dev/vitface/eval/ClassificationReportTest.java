package dev.vitface.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-checked reports. The expected text follows the layout rules of scikit-learn's
 * classification_report (see ClassificationReportText); each case was also confirmed with
 * scikit-learn 1.2.1.
 */
class ClassificationReportTest {
    private static final int FEMALE = 0;
    private static final int MALE = 1;

    /**
     * Ten faces: 2 labelled Female, 8 Male; 8 predicted Female, of which 1 right. Precision of
     * Female is 1/8 = 0.125 and the weighted precision 0.425: Python prints "0.12" and "0.42"
     * (half-even on the exact binary value) where Java's %.2f prints "0.13" and "0.43".
     */
    private static ClassificationMetrics tenFaces() {
        int[] truth = {FEMALE, FEMALE, MALE, MALE, MALE, MALE, MALE, MALE, MALE, MALE};
        int[] predicted = {FEMALE, MALE, FEMALE, FEMALE, FEMALE, FEMALE, FEMALE, FEMALE, FEMALE, MALE};
        return new ClassificationMetrics(ConfusionMatrix.of(2, truth, predicted));
    }

    @Test
    void scoresOfTheHandCheckedCase() {
        ClassificationMetrics metrics = tenFaces();
        assertEquals(0.2, metrics.accuracy());
        assertEquals(new ClassScores(0.125, 0.5, 0.2, 2), metrics.scores(FEMALE));
        assertEquals(new ClassScores(0.5, 0.125, 0.2, 8), metrics.scores(MALE));
        assertEquals(new ClassScores(0.3125, 0.3125, 0.2, 10), metrics.macroAverage());
        assertEquals(0.425, metrics.weightedAverage().precision(), 1e-15);
        assertEquals(0.2, metrics.weightedAverage().recall(), 1e-15);
    }

    @Test
    void textWithTwoDigitsRoundsHalfToEvenAsPython() {
        String expected = """
                              precision    recall  f1-score   support

                      Female       0.12      0.50      0.20         2
                        Male       0.50      0.12      0.20         8

                    accuracy                           0.20        10
                   macro avg       0.31      0.31      0.20        10
                weighted avg       0.42      0.20      0.20        10
                """;
        assertEquals(expected, ClassificationReportText.format(Attribute.GENDER.labels(), tenFaces(), 2));
    }

    @Test
    void textWithFourDigits() {
        String expected = """
                              precision    recall  f1-score   support

                      Female     0.1250    0.5000    0.2000         2
                        Male     0.5000    0.1250    0.2000         8

                    accuracy                         0.2000        10
                   macro avg     0.3125    0.3125    0.2000        10
                weighted avg     0.4250    0.2000    0.2000        10
                """;
        assertEquals(expected, ClassificationReportText.format(Attribute.GENDER.labels(), tenFaces(), 4));
    }

    /**
     * Age: "0-2" labelled but never predicted, "more than 70" predicted but never labelled, the
     * other classes on neither side. Both edge classes get a line of zeros (zero_division=0), the
     * absent ones none, and the name column widens to "more than 70" (12, as "weighted avg").
     */
    @Test
    void classNeverPredictedAndClassNeverLabelled() {
        int zeroToTwo = Attribute.AGE.indexOf("0-2");
        int twenties = Attribute.AGE.indexOf("20-29");
        int overSeventy = Attribute.AGE.indexOf("more than 70");
        int[] truth = {zeroToTwo, zeroToTwo, twenties, twenties, twenties};
        int[] predicted = {twenties, twenties, twenties, twenties, overSeventy};
        ClassificationMetrics metrics = new ClassificationMetrics(ConfusionMatrix.of(9, truth, predicted));

        assertEquals(List.of(zeroToTwo, twenties, overSeventy), metrics.reportedClasses());
        assertEquals(new ClassScores(0, 0, 0, 2), metrics.scores(zeroToTwo));
        assertEquals(new ClassScores(0, 0, 0, 0), metrics.scores(overSeventy));
        // 20-29: tp 2, predicted 4, labelled 3 -> precision 1/2, recall 2/3, F1 2·2/(3+4) = 4/7
        assertEquals(new ClassScores(0.5, 2.0 / 3, 4.0 / 7, 3), metrics.scores(twenties));
        assertEquals(0.5 / 3, metrics.macroAverage().precision(), 1e-15, "the mean over 3 lines, not over 9 classes");
        assertEquals((4.0 / 7) / 3, metrics.macroAverage().f1(), 1e-15);
        assertEquals((4.0 / 7) * 3 / 5, metrics.weightedAverage().f1(), 1e-15);
        String expected = """
                              precision    recall  f1-score   support

                         0-2       0.00      0.00      0.00         2
                       20-29       0.50      0.67      0.57         3
                more than 70       0.00      0.00      0.00         0

                    accuracy                           0.40         5
                   macro avg       0.17      0.22      0.19         5
                weighted avg       0.30      0.40      0.34         5
                """;
        assertEquals(expected, ClassificationReportText.format(Attribute.AGE.labels(), metrics, 2));
    }

    /**
     * scikit-learn's default lines follow the sorted label strings (3-9 after 20-29); reports ask
     * for the display order instead, which moves the lines and nothing else, as scikit-learn's
     * {@code labels=["3-9", "10-19", "20-29"]} would.
     */
    @Test
    void lineOrderMovesOnlyTheLines() {
        int child = Attribute.AGE.indexOf("3-9");
        int teen = Attribute.AGE.indexOf("10-19");
        int twenties = Attribute.AGE.indexOf("20-29");
        int[] truth = {child, child, teen, twenties};
        int[] predicted = {child, teen, teen, child};
        ClassificationMetrics metrics = new ClassificationMetrics(ConfusionMatrix.of(9, truth, predicted));
        String sklearnOrder = ClassificationReportText.format(Attribute.AGE.labels(), metrics, 2);
        String displayOrder = ClassificationReportText.format(Attribute.AGE.labels(), Attribute.AGE.displayOrder(), metrics, 2);
        assertEquals("""
                              precision    recall  f1-score   support

                       10-19       0.50      1.00      0.67         1
                       20-29       0.00      0.00      0.00         1
                         3-9       0.50      0.50      0.50         2

                    accuracy                           0.50         4
                   macro avg       0.33      0.50      0.39         4
                weighted avg       0.38      0.50      0.42         4
                """, sklearnOrder);
        assertEquals("""
                              precision    recall  f1-score   support

                         3-9       0.50      0.50      0.50         2
                       10-19       0.50      1.00      0.67         1
                       20-29       0.00      0.00      0.00         1

                    accuracy                           0.50         4
                   macro avg       0.33      0.50      0.39         4
                weighted avg       0.38      0.50      0.42         4
                """, displayOrder);
    }

    @Test
    void displayOrderSortsAgeBinsByLowerBoundAndKeepsTheOthers() {
        assertEquals(List.of("0-2", "3-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "more than 70"),
                Attribute.AGE.displayLabels());
        assertEquals(Attribute.GENDER.labels(), Attribute.GENDER.displayLabels());
        assertEquals(Attribute.RACE.labels(), Attribute.RACE.displayLabels());
        assertEquals(List.of("0-2", "10-19", "20-29", "3-9", "30-39", "40-49", "50-59", "60-69", "more than 70"),
                Attribute.AGE.labels(), "the index order, the logits' order, is unchanged");
    }

    @Test
    void labelsLongerThanWeightedAvgWidenTheNameColumn() {
        int southeastAsian = Attribute.RACE.indexOf("Southeast Asian");
        int[] truth = {southeastAsian};
        ClassificationMetrics metrics = new ClassificationMetrics(ConfusionMatrix.of(7, truth, truth));
        String expected = """
                                 precision    recall  f1-score   support

                Southeast Asian       1.00      1.00      1.00         1

                       accuracy                           1.00         1
                      macro avg       1.00      1.00      1.00         1
                   weighted avg       1.00      1.00      1.00         1
                """;
        assertEquals(expected, ClassificationReportText.format(Attribute.RACE.labels(), metrics, 2));
    }

    @Test
    void pythonFixedPointFormatting() {
        assertEquals("0.12", ClassificationReportText.fixed(0.125, 2));
        assertEquals("0.38", ClassificationReportText.fixed(0.375, 2));
        assertEquals("1.00", ClassificationReportText.fixed(0.999, 2));
        assertEquals("0.68", ClassificationReportText.fixed(0.675, 2)); // binary 0.67500000000000004…
        assertEquals("0", ClassificationReportText.fixed(0.5, 0));
        assertEquals("0.0000", ClassificationReportText.fixed(0.0, 4));
    }
}
