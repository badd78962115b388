package dev.vitface.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Per-group accuracy, macro-F1 and gaps on the hand-checked {@link SixFaces}. */
class EvaluatorTest {
    @Test
    void genderByRaceIsHandChecked() {
        GroupBreakdown byRace = SixFaces.breakdown(SixFaces.evaluation(), Attribute.GENDER, Attribute.RACE);
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
        Evaluation evaluation = SixFaces.evaluation();
        GroupBreakdown byAge = SixFaces.breakdown(evaluation, Attribute.GENDER, Attribute.AGE);
        // 20-29: F→F, M→M, F→M: 2/3 right; 30-39: M→F, M→M, F→M: 1/3 right
        assertEquals(List.of("20-29", "30-39"), byAge.groups().stream().map(GroupResult::group).toList());
        assertEquals(2.0 / 3, byAge.groups().get(0).accuracy(), 1e-15);
        assertEquals(1.0 / 3, byAge.groups().get(1).accuracy(), 1e-15);
        assertEquals(0.5, byAge.accuracyGap().ratio().orElseThrow(), 1e-15);

        TaskEvaluation race = evaluation.tasks().get(Attribute.RACE.ordinal());
        assertEquals(1.0, race.metrics().accuracy());
        assertEquals(new GroupGap(0.0, OptionalDouble.of(1.0), "Female", "Female"), SixFaces.breakdown(evaluation, Attribute.RACE, Attribute.GENDER).accuracyGap());
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
