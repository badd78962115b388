package dev.vitface.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * A hand-checked evaluation of six faces shared by the evaluator and report tests. Age and race are
 * always predicted right; gender by race is:
 * <pre>
 * race   labelled gender   predicted   accuracy  macro-F1
 * White  F M M             F M F       2/3       (2/3 + 2/3)/2 = 2/3   F: tp1 pred2 lab1; M: tp1 pred1 lab2
 * Black  M                 M           1         1 (one class in the group)
 * Indian F F               M M         0         0
 * </pre>
 */
final class SixFaces {
    private SixFaces() {}

    static Evaluation evaluation() {
        return evaluation(List.of(), List.of());
    }

    static Evaluation evaluation(List<UnmatchedFile> unmatched, List<InputProblem> problems) {
        List<LabelIndices> truth = new ArrayList<>();
        List<LabelIndices> predicted = new ArrayList<>();
        add(truth, predicted, "20-29", "Female", "White", "Female");
        add(truth, predicted, "20-29", "Male", "White", "Male");
        add(truth, predicted, "30-39", "Male", "White", "Female");
        add(truth, predicted, "30-39", "Male", "Black", "Male");
        add(truth, predicted, "20-29", "Female", "Indian", "Male");
        add(truth, predicted, "30-39", "Female", "Indian", "Male");
        MatchedInputs inputs = new MatchedInputs(new MatchedFaces(truth, predicted), unmatched, problems);
        return new Evaluator(new AccuracyBootstrap(100, 0)).evaluate(inputs, "labels.csv", "predictions.csv");
    }

    static GroupBreakdown breakdown(Evaluation evaluation, Attribute task, Attribute groupedBy) {
        TaskEvaluation taskEvaluation = evaluation.tasks().get(task.ordinal());
        return taskEvaluation.breakdowns().stream().filter(b -> b.groupedBy() == groupedBy).findFirst().orElseThrow();
    }

    /** A face whose age and race are predicted right and whose gender is predicted {@code predictedGender}. */
    private static void add(List<LabelIndices> truth, List<LabelIndices> predicted,
                            String age, String gender, String race, String predictedGender) {
        truth.add(LabelIndices.ofLabels(age, gender, race));
        predicted.add(LabelIndices.ofLabels(age, predictedGender, race));
    }
}
