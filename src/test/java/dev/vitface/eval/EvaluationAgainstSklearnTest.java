package dev.vitface.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline (CSV reading, matching, metrics, report text) against scikit-learn's own
 * output for the same 240 faces, made by {@code tools/sklearn_reference.py} (scikit-learn 1.2.1).
 * The fixture covers an age class never predicted, one never labelled, a race on neither side, a
 * one-face race group, quoted file names and two inference errors.
 */
class EvaluationAgainstSklearnTest {
    /** scikit-learn 1.2 computes F1 as 2·p·r/(p+r), newer releases as 2·tp/(labelled+predicted): equal to the last bits. */
    private static final double TOLERANCE = 1e-12;
    private static final String FIXTURE = "/eval/sklearn/";

    private static Evaluation evaluation;
    private static JsonObject expected;

    @BeforeAll
    static void evaluateFixture() throws IOException, URISyntaxException {
        Path folder = Path.of(EvaluationAgainstSklearnTest.class.getResource(FIXTURE + "labels.csv").toURI()).getParent();
        // The predictions name files as images/val/…, as if classify ran in a folder holding images/.
        FileKeys keys = new FileKeys(Path.of("images"));
        LabelledFaces labels = LabelsCsv.read(folder.resolve("labels.csv"), keys);
        PredictionSource source = new PredictionsCsv(folder.resolve("predictions.csv"));
        MatchedInputs matched = PredictionMatcher.match(labels, source.description(), source.predictions(), keys);
        evaluation = new Evaluator(new AccuracyBootstrap(200, 0)).evaluate(matched, "labels.csv", source.description());
        try (InputStream in = EvaluationAgainstSklearnTest.class.getResourceAsStream(FIXTURE + "expected.json")) {
            expected = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    @Test
    void inferenceErrorsAreLeftOutAndNothingIsUnmatched() {
        assertEquals(expected.get("faces").getAsInt(), evaluation.evaluatedFaces());
        assertEquals(2, evaluation.problems().size());
        assertEquals(0, evaluation.unmatched().size());
    }

    @Test
    void reportTextIsIdenticalForBothDigitSettings() {
        for (TaskEvaluation task : evaluation.tasks()) {
            JsonObject reference = expectedTask(task);
            assertEquals(reference.get("report_digits_2").getAsString(),
                    ClassificationReportText.format(task.task().labels(), task.metrics(), 2), task.task().key());
            assertEquals(reference.get("report_digits_4").getAsString(),
                    ClassificationReportText.format(task.task().labels(), task.metrics(), 4), task.task().key());
        }
    }

    @Test
    void everyNumberOfTheReportMatches() {
        for (TaskEvaluation task : evaluation.tasks()) {
            JsonObject report = expectedTask(task).getAsJsonObject("report_dict");
            ClassificationMetrics metrics = task.metrics();
            assertEquals(report.get("accuracy").getAsDouble(), metrics.accuracy(), TOLERANCE);
            int lines = 0;
            for (int c : metrics.reportedClasses()) {
                assertScores(report.getAsJsonObject(task.task().label(c)), metrics.scores(c), task.task().label(c));
                lines++;
            }
            assertEquals(report.size() - 3, lines, "the same classes as scikit-learn, besides accuracy and the averages");
            assertScores(report.getAsJsonObject("macro avg"), metrics.macroAverage(), "macro avg");
            assertScores(report.getAsJsonObject("weighted avg"), metrics.weightedAverage(), "weighted avg");
        }
    }

    @Test
    void confusionMatrixOverEveryLabel() {
        for (TaskEvaluation task : evaluation.tasks()) {
            JsonArray rows = expectedTask(task).getAsJsonArray("confusion");
            ConfusionMatrix matrix = task.metrics().confusion();
            for (int t = 0; t < matrix.classes(); t++) {
                for (int p = 0; p < matrix.classes(); p++) {
                    assertEquals(rows.get(t).getAsJsonArray().get(p).getAsLong(), matrix.count(t, p),
                            task.task().key() + " [" + t + "][" + p + "]");
                }
            }
        }
    }

    @Test
    void accuracyAndMacroF1WithinEachGroup() {
        for (TaskEvaluation task : evaluation.tasks()) {
            JsonObject byGroup = expectedTask(task).getAsJsonObject("by_group");
            for (GroupBreakdown breakdown : task.breakdowns()) {
                JsonObject groups = byGroup.getAsJsonObject(breakdown.groupedBy().key());
                assertEquals(groups.size(), breakdown.groups().size());
                for (GroupResult group : breakdown.groups()) {
                    JsonObject reference = groups.getAsJsonObject(group.group());
                    String where = task.task().key() + " by " + breakdown.groupedBy().key() + " " + group.group();
                    assertEquals(reference.get("n").getAsInt(), group.faces(), where);
                    assertEquals(reference.get("accuracy").getAsDouble(), group.accuracy(), TOLERANCE, where);
                    assertEquals(reference.get("macro_f1").getAsDouble(), group.macroF1(), TOLERANCE, where);
                }
            }
        }
    }

    private static JsonObject expectedTask(TaskEvaluation task) {
        return expected.getAsJsonObject("tasks").getAsJsonObject(task.task().key());
    }

    private static void assertScores(JsonObject reference, ClassScores scores, String line) {
        assertEquals(reference.get("precision").getAsDouble(), scores.precision(), TOLERANCE, line + " precision");
        assertEquals(reference.get("recall").getAsDouble(), scores.recall(), TOLERANCE, line + " recall");
        assertEquals(reference.get("f1-score").getAsDouble(), scores.f1(), TOLERANCE, line + " f1");
        assertEquals(reference.get("support").getAsDouble(), scores.support(), line + " support");
    }
}
