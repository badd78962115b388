package dev.vitface.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Computes an {@link Evaluation}: for each head the overall metrics, and its accuracy and
 * macro-F1 within each labelled group of every other attribute, each accuracy with a bootstrap
 * interval. Groups are formed from the labels, never from predictions, so a face's group does not
 * depend on what the model got wrong.
 */
public final class Evaluator {
    private final AccuracyBootstrap bootstrap;

    public Evaluator(AccuracyBootstrap bootstrap) {
        this.bootstrap = bootstrap;
    }

    public Evaluation evaluate(MatchedInputs inputs, String labelsSource, String predictionsSource) {
        MatchedFaces faces = inputs.faces();
        if (faces.size() == 0) throw new IllegalArgumentException("there are no faces to evaluate");
        List<TaskEvaluation> tasks = new ArrayList<>();
        for (Attribute task : Attribute.values()) {
            tasks.add(evaluateTask(faces, task));
        }
        return new Evaluation(labelsSource, predictionsSource, bootstrap, faces.size(), tasks,
                inputs.unmatched(), inputs.problems());
    }

    private TaskEvaluation evaluateTask(MatchedFaces faces, Attribute task) {
        int[] truth = faces.truth(task);
        int[] predicted = faces.predicted(task);
        var metrics = new ClassificationMetrics(ConfusionMatrix.of(task.classCount(), truth, predicted));
        int correct = Math.toIntExact(metrics.confusion().correct());
        ConfidenceInterval interval = bootstrap.interval(correct, faces.size(), task.key());
        List<GroupBreakdown> breakdowns = new ArrayList<>();
        for (Attribute groupedBy : Attribute.values()) {
            if (groupedBy != task) breakdowns.add(breakdown(faces, task, groupedBy));
        }
        return new TaskEvaluation(task, metrics, interval, breakdowns);
    }

    private GroupBreakdown breakdown(MatchedFaces faces, Attribute task, Attribute groupedBy) {
        int[] truth = faces.truth(task);
        int[] predicted = faces.predicted(task);
        List<GroupResult> groups = new ArrayList<>();
        int[][] rowsByGroup = rowsByLabel(faces.truth(groupedBy), groupedBy.classCount());
        for (int group : groupedBy.displayOrder()) {
            int[] rows = rowsByGroup[group];
            if (rows.length == 0) continue;
            var metrics = new ClassificationMetrics(ConfusionMatrix.ofRows(task.classCount(), truth, predicted, rows));
            String label = groupedBy.label(group);
            String intervalName = task.key() + "/by " + groupedBy.key() + "/" + label;
            groups.add(new GroupResult(label, rows.length, metrics.accuracy(),
                    bootstrap.interval(Math.toIntExact(metrics.confusion().correct()), rows.length, intervalName),
                    metrics.macroAverage().f1()));
        }
        return new GroupBreakdown(groupedBy, groups,
                GroupGap.of(groups, GroupResult::accuracy), GroupGap.of(groups, GroupResult::macroF1));
    }

    /** For each label index, the rows (ascending) whose label it is. */
    private static int[][] rowsByLabel(int[] labels, int classes) {
        int[] counts = new int[classes];
        for (int label : labels) counts[label]++;
        int[][] rows = new int[classes][];
        for (int c = 0; c < classes; c++) rows[c] = new int[counts[c]];
        int[] filled = new int[classes];
        for (int row = 0; row < labels.length; row++) {
            int label = labels[row];
            rows[label][filled[label]++] = row;
        }
        return rows;
    }
}
