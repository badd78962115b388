package dev.vitface.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The text of scikit-learn's {@code classification_report(..., digits=d)}, character for character.
 * The layout reproduces {@code sklearn/metrics/_classification.py}:
 *
 * <pre>
 * width    = max(longest class name, len("weighted avg"), digits)
 * header   = '{:>{width}s} ' + ' {:>9}' * 4            then a blank line
 * class    = '{:>{width}s} ' + ' {:>9.{digits}f}' * 3 + ' {:>9}'   then a blank line
 * accuracy = '{:>{width}s} ' + ' {:>9.{digits}}' * 2 (of '', so blank) + ' {:>9.{digits}f}' + ' {:>9}'
 * macro avg, weighted avg as a class line
 * </pre>
 *
 * Python's {@code f} format rounds the double's exact binary value half-to-even (0.125 becomes
 * "0.12"), which {@code BigDecimal(double)} reproduces; Java's {@code %f} would round half-up.
 */
public final class ClassificationReportText {
    private static final List<String> HEADERS = List.of("precision", "recall", "f1-score", "support");
    private static final String LONGEST_AVERAGE_HEADING = "weighted avg";

    private ClassificationReportText() {}

    /**
     * The report with scikit-learn's own line order: its {@code labels=None} sorts the label
     * strings, which is the index order of {@link Attribute}'s labels.
     */
    public static String format(List<String> labels, ClassificationMetrics metrics, int digits) {
        return format(labels, metrics.reportedClasses(), metrics, digits);
    }

    /**
     * The report with its class lines in {@code lineOrder} (class indexes; those without a line
     * are skipped): scikit-learn's text for {@code classification_report(..., labels=L)} with L
     * the reported classes in that order. Only the lines move: the averages are computed as
     * scikit-learn computes them, the same numbers to the last bit.
     */
    public static String format(List<String> labels, List<Integer> lineOrder, ClassificationMetrics metrics, int digits) {
        if (digits < 0) throw new IllegalArgumentException("digits must be >= 0, got " + digits);
        List<Integer> lines = lineOrder.stream().filter(metrics.reportedClasses()::contains).toList();
        if (lines.size() != metrics.reportedClasses().size()) {
            throw new IllegalArgumentException("line order " + lineOrder + " lacks some of the reported classes "
                    + metrics.reportedClasses());
        }
        int width = LONGEST_AVERAGE_HEADING.length();
        for (int c : lines) width = Math.max(width, labels.get(c).length());
        width = Math.max(width, digits);

        StringBuilder report = new StringBuilder();
        report.append(pad("", width)).append(' ');
        for (String header : HEADERS) report.append(' ').append(pad(header, 9));
        report.append("\n\n");
        for (int c : lines) {
            appendLine(report, labels.get(c), metrics.scores(c), width, digits);
        }
        report.append('\n');
        report.append(pad("accuracy", width)).append(' ')
                .append(' ').append(pad("", 9))
                .append(' ').append(pad("", 9))
                .append(' ').append(pad(fixed(metrics.accuracy(), digits), 9))
                .append(' ').append(pad(Long.toString(metrics.total()), 9))
                .append('\n');
        appendLine(report, "macro avg", metrics.macroAverage(), width, digits);
        appendLine(report, "weighted avg", metrics.weightedAverage(), width, digits);
        return report.toString();
    }

    /** Python's {@code format(value, '.{digits}f')} for a finite double. */
    public static String fixed(double value, int digits) {
        return new BigDecimal(value).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static void appendLine(StringBuilder report, String heading, ClassScores scores, int width, int digits) {
        report.append(pad(heading, width)).append(' ')
                .append(' ').append(pad(fixed(scores.precision(), digits), 9))
                .append(' ').append(pad(fixed(scores.recall(), digits), 9))
                .append(' ').append(pad(fixed(scores.f1(), digits), 9))
                .append(' ').append(pad(Long.toString(scores.support()), 9))
                .append('\n');
    }

    /** Right-aligns {@code text} in {@code width} columns, as Python's {@code '{:>width}'}. */
    private static String pad(String text, int width) {
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }
}
