package dev.vitface.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Per-group accuracy, macro-F1 and gaps on a hand-checked set of six faces. */
class EvaluatorTest {
    /**
     * Gender by race:
     * <pre>
     * race   labelled gender   predicted   accuracy  macro-F1
     * White  F M M             F M F       2/3       (2/3 + 2/3)/2 = 2/3   F: tp1 pred2 lab1; M: tp1 pred1 lab2
     * Black  M                 M           1         1 (one class in the group)
     * Indian F F               M M         0         0
     * </pre>
     */
    private static Evaluation sixFaces() {
        List<FaceAttributes> truth = new ArrayList<>();
        List<FaceAttributes> predicted = new ArrayList<>();
        add(truth, predicted, "20-29", "Female", "White", "Female");
        add(truth, predicted, "20-29", "Male", "White", "Male");
        add(truth, predicted, "30-39", "Male", "White", "Female");
        add(truth, predicted, "30-39", "Male", "Black", "Male");
        add(truth, predicted, "20-29", "Female", "Indian", "Male");
        add(truth, predicted, "30-39", "Female", "Indian", "Male");
        MatchedInputs inputs = new MatchedInputs(new MatchedFaces(truth, predicted), List.of(), List.of());
        return new Evaluator(new AccuracyBootstrap(100, 0)).evaluate(inputs, "labels.csv", "predictions.csv");
    }

    /** A face whose age and race are predicted right and whose gender is predicted {@code predictedGender}. */
    private static void add(List<FaceAttributes> truth, List<FaceAttributes> predicted,
                            String age, String gender, String race, String predictedGender) {
        truth.add(FaceAttributes.ofLabels(age, gender, race));
        predicted.add(FaceAttributes.ofLabels(age, predictedGender, race));
    }

    private static GroupBreakdown breakdown(Evaluation evaluation, Attribute task, Attribute groupedBy) {
        TaskEvaluation taskEvaluation = evaluation.tasks().get(task.ordinal());
        return taskEvaluation.breakdowns().stream().filter(b -> b.groupedBy() == groupedBy).findFirst().orElseThrow();
    }

    @Test
    void genderByRaceIsHandChecked() {
        GroupBreakdown byRace = breakdown(sixFaces(), Attribute.GENDER, Attribute.RACE);
        assertEquals(List.of("Black", "Indian", "White"), byRace.groups().stream().map(GroupResult::group).toList(),
                "groups in label order, and only those with faces");
        GroupResult black = byRace.groups().get(0);
        GroupResult indian = byRace.groups().get(1);
        GroupResult white = byRace.groups().get(2);
        assertEquals(1, black.faces());
        assertEquals(1.0, black.accuracy());
        assertEquals(1.0, black.macroF1());
        assertEquals(new ConfidenceInterval(1, 1), black.accuracyInterval(), "a one-face group cannot vary");
        assertEquals(2, indian.faces());
        assertEquals(0.0, indian.accuracy());
        assertEquals(0.0, indian.macroF1());
        assertEquals(3, white.faces());
        assertEquals(2.0 / 3, white.accuracy(), 1e-15);
        assertEquals(2.0 / 3, white.macroF1(), 1e-15);
        assertTrue(white.accuracyInterval().low() <= white.accuracy() && white.accuracy() <= white.accuracyInterval().high());

        assertEquals(new GroupGap(1.0, OptionalDouble.of(0.0), "Indian", "Black"), byRace.accuracyGap());
        assertEquals(new GroupGap(1.0, OptionalDouble.of(0.0), "Indian", "Black"), byRace.macroF1Gap());
    }

    @Test
    void genderByAgeAndPerfectTasks() {
        Evaluation evaluation = sixFaces();
        GroupBreakdown byAge = breakdown(evaluation, Attribute.GENDER, Attribute.AGE);
        // 20-29: F→F, M→M, F→M: 2/3 right; 30-39: M→F, M→M, F→M: 1/3 right
        assertEquals(List.of("20-29", "30-39"), byAge.groups().stream().map(GroupResult::group).toList());
        assertEquals(2.0 / 3, byAge.groups().get(0).accuracy(), 1e-15);
        assertEquals(1.0 / 3, byAge.groups().get(1).accuracy(), 1e-15);
        assertEquals(0.5, byAge.accuracyGap().ratio().orElseThrow(), 1e-15);

        TaskEvaluation race = evaluation.tasks().get(Attribute.RACE.ordinal());
        assertEquals(1.0, race.metrics().accuracy());
        assertEquals(new GroupGap(0.0, OptionalDouble.of(1.0), "Female", "Female"), breakdown(evaluation, Attribute.RACE, Attribute.GENDER).accuracyGap());
        assertEquals(6, evaluation.evaluatedFaces());
        assertEquals(List.of(Attribute.AGE, Attribute.GENDER, Attribute.RACE),
                evaluation.tasks().stream().map(TaskEvaluation::task).toList());
    }

    @Test
    void gapRatioIsUndefinedWhenEveryGroupScoresZero() {
        GroupResult a = new GroupResult("a", 3, 0.0, new ConfidenceInterval(0, 0), 0.0);
        GroupResult b = new GroupResult("b", 5, 0.0, new ConfidenceInterval(0, 0), 0.0);
        assertEquals(new GroupGap(0.0, OptionalDouble.empty(), "a", "a"), GroupGap.of(List.of(a, b), GroupResult::accuracy));
    }
}
