package dev.vitface.eval;

import java.util.List;
import java.util.Locale;

/**
 * The human-readable form of an {@link Evaluation}: a summary of the inputs, then for each head
 * scikit-learn's classification report (in its exact layout, see {@link ClassificationReportText}),
 * the confusion matrix and the per-group table with its gaps. Headings say "perceived": the model
 * and FairFace's annotators both judge appearance, not identity.
 */
public final class TextReport {
    /** Unmatched files and errors beyond this many are counted, not listed (the JSON lists all). */
    static final int LISTED_PROBLEMS = 20;

    private TextReport() {}

    public static String render(Evaluation evaluation, int digits) {
        StringBuilder out = new StringBuilder();
        summary(out, evaluation);
        for (TaskEvaluation task : evaluation.tasks()) {
            out.append('\n');
            task(out, task, digits);
        }
        return out.toString();
    }

    private static void summary(StringBuilder out, Evaluation evaluation) {
        out.append("Evaluation of perceived age, gender and race\n");
        out.append("  labels:              ").append(evaluation.labelsSource()).append('\n');
        out.append("  predictions:         ").append(evaluation.predictionsSource()).append('\n');
        out.append("  evaluated faces:     ").append(evaluation.evaluatedFaces()).append('\n');
        out.append("  unmatched files:     ").append(evaluation.unmatched().size()).append('\n');
        out.append("  rows not evaluated:  ").append(evaluation.problems().size()).append('\n');
        out.append("  intervals:           95 % percentile bootstrap, ").append(evaluation.bootstrap().resamples())
                .append(" resamples, seed ").append(evaluation.bootstrap().seed()).append('\n');
        List<UnmatchedFile> unmatched = evaluation.unmatched();
        if (!unmatched.isEmpty()) {
            out.append("\nUnmatched files:\n");
            for (UnmatchedFile file : unmatched.subList(0, Math.min(LISTED_PROBLEMS, unmatched.size()))) {
                out.append("  ").append(location(file.source(), file.line())).append(file.file())
                        .append(": no ").append(file.missing().key()).append('\n');
            }
            more(out, unmatched.size());
        }
        List<InputProblem> problems = evaluation.problems();
        if (!problems.isEmpty()) {
            out.append("\nRows not evaluated:\n");
            for (InputProblem problem : problems.subList(0, Math.min(LISTED_PROBLEMS, problems.size()))) {
                out.append("  ").append(location(problem.source(), problem.line())).append(problem.file())
                        .append(": ").append(problem.kind().key()).append(": ").append(problem.message()).append('\n');
            }
            more(out, problems.size());
        }
    }

    private static void task(StringBuilder out, TaskEvaluation evaluation, int digits) {
        Attribute task = evaluation.task();
        ClassificationMetrics metrics = evaluation.metrics();
        String heading = task.perceivedHeading();
        out.append("== ").append(heading).append(" ==\n");
        out.append("accuracy ").append(number(metrics.accuracy())).append("  95 % CI ")
                .append(interval(evaluation.accuracyInterval())).append("\n\n");
        out.append(ClassificationReportText.format(task.labels(), task.displayOrder(), metrics, digits)).append('\n');
        confusion(out, task, metrics.confusion());
        for (GroupBreakdown breakdown : evaluation.breakdowns()) {
            out.append('\n');
            groups(out, heading, breakdown);
        }
    }

    private static void confusion(StringBuilder out, Attribute task, ConfusionMatrix matrix) {
        out.append("Confusion matrix (rows: labelled, columns: predicted)\n");
        List<Integer> order = task.displayOrder();
        int labelWidth = task.labels().stream().mapToInt(String::length).max().orElse(0);
        int[] widths = new int[matrix.classes()];
        for (int p : order) {
            widths[p] = task.label(p).length();
            for (int t : order) widths[p] = Math.max(widths[p], Long.toString(matrix.count(t, p)).length());
        }
        out.append(" ".repeat(labelWidth));
        for (int p : order) out.append("  ").append(right(task.label(p), widths[p]));
        out.append('\n');
        for (int t : order) {
            out.append(right(task.label(t), labelWidth));
            for (int p : order) out.append("  ").append(right(Long.toString(matrix.count(t, p)), widths[p]));
            out.append('\n');
        }
    }

    private static void groups(StringBuilder out, String taskHeading, GroupBreakdown breakdown) {
        Attribute groupedBy = breakdown.groupedBy();
        out.append(taskHeading).append(" by labelled ").append(groupedBy.perceivedName()).append('\n');
        int nameWidth = Math.max(5, groupedBy.labels().stream().mapToInt(String::length).max().orElse(0));
        out.append("  ").append(left("group", nameWidth)).append("        n  accuracy  95 % CI           macro-F1\n");
        for (GroupResult group : breakdown.groups()) {
            out.append("  ").append(left(group.group(), nameWidth))
                    .append(right(Integer.toString(group.faces()), 9))
                    .append(right(number(group.accuracy()), 10))
                    .append("  ").append(interval(group.accuracyInterval()))
                    .append(right(number(group.macroF1()), 11)).append('\n');
        }
        out.append("  largest gap: accuracy ").append(gap(breakdown.accuracyGap()))
                .append("; macro-F1 ").append(gap(breakdown.macroF1Gap())).append('\n');
    }

    private static String gap(GroupGap gap) {
        String ratio = gap.ratio().isPresent() ? number(gap.ratio().getAsDouble()) : "undefined";
        return number(gap.gap()) + " (" + gap.lowest() + " lowest, " + gap.highest() + " highest), min/max " + ratio;
    }

    private static void more(StringBuilder out, int total) {
        if (total > LISTED_PROBLEMS) {
            out.append("  … and ").append(total - LISTED_PROBLEMS).append(" more (--format json lists all)\n");
        }
    }

    private static String location(String source, int line) {
        return source + (line > 0 ? ":" + line : "") + ": ";
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static String interval(ConfidenceInterval interval) {
        return "[" + number(interval.low()) + ", " + number(interval.high()) + "]";
    }

    private static String right(String text, int width) {
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }

    private static String left(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
