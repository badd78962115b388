package dev.vitface.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextReportTest {
    @Test
    void everyTaskHasItsPerceivedHeadingReportMatrixAndGroups() {
        Evaluation evaluation = SixFaces.evaluation();
        String text = TextReport.render(evaluation, 2);
        for (String heading : List.of("== Perceived age ==", "== Perceived gender ==", "== Perceived race ==",
                "Perceived gender by labelled perceived race", "Perceived race by labelled perceived age")) {
            assertContains(text, heading);
        }
        TaskEvaluation gender = evaluation.tasks().get(Attribute.GENDER.ordinal());
        assertContains(text, ClassificationReportText.format(Attribute.GENDER.labels(), gender.metrics(), 2));
        assertContains(text, """
                Confusion matrix (rows: labelled, columns: predicted)
                        Female  Male
                Female       1     2
                  Male       1     2
                """);
        assertContains(text, "  Black                  1    1.0000  [1.0000, 1.0000]     1.0000\n");
        assertContains(text, "largest gap: accuracy 1.0000 (Indian lowest, Black highest), min/max 0.0000");
    }

    @Test
    void digitsReachTheClassificationReport() {
        assertContains(TextReport.render(SixFaces.evaluation(), 4), "    accuracy                         0.5000         6\n");
    }

    @Test
    void problemsAreListedUpToALimitAndCounted() {
        List<InputProblem> problems = new ArrayList<>();
        for (int i = 1; i <= TextReport.LISTED_PROBLEMS + 5; i++) {
            problems.add(new InputProblem(InputProblem.Kind.INFERENCE_ERROR, "p.csv", i + 1, "val/" + i + ".jpg", "bad"));
        }
        List<UnmatchedFile> unmatched = List.of(new UnmatchedFile("val/x.jpg", UnmatchedFile.Missing.LABEL, "p.csv", 30));
        String text = TextReport.render(SixFaces.evaluation(unmatched, problems), 2);
        assertContains(text, "  rows not evaluated:  25\n");
        assertContains(text, "  p.csv:30: val/x.jpg: no label\n");
        assertContains(text, "  p.csv:2: val/1.jpg: inference_error: bad\n");
        assertContains(text, "  … and 5 more (--format json lists all)\n");
        assertTrue(!text.contains("val/21.jpg"), "the 21st problem is counted, not listed");
    }

    private static void assertContains(String text, String part) {
        assertTrue(text.contains(part), () -> "missing:\n" + part + "\nin:\n" + text);
    }
}
