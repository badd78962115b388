package dev.vitface.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The JSON shape the issue specifies, filled from the hand-checked {@link SixFaces}. */
class JsonReportTest {
    private static final List<UnmatchedFile> UNMATCHED =
            List.of(new UnmatchedFile("val/9.jpg", UnmatchedFile.Missing.PREDICTION, "labels.csv", 8));
    private static final List<InputProblem> PROBLEMS = List.of(
            new InputProblem(InputProblem.Kind.INFERENCE_ERROR, "predictions.csv", 4, "val/7.jpg", "cannot decode image"),
            new InputProblem(InputProblem.Kind.DUPLICATE, "labels.csv", 9, "val/1.jpg", "repeats the file of line 2"));

    private static JsonObject json() {
        return JsonParser.parseString(JsonReport.render(SixFaces.evaluation(UNMATCHED, PROBLEMS))).getAsJsonObject();
    }

    @Test
    void taskHasAccuracyClassesAveragesAndConfusion() {
        JsonObject gender = json().getAsJsonObject("tasks").getAsJsonObject("gender");
        assertEquals(0.5, gender.get("accuracy").getAsDouble()); // 3 of 6
        assertEquals(2, gender.getAsJsonArray("accuracy_ci95").size());
        JsonObject female = gender.getAsJsonObject("classes").getAsJsonObject("Female");
        // Female: labelled 3, predicted 2, right 1
        assertEquals(0.5, female.get("precision").getAsDouble());
        assertEquals(1.0 / 3, female.get("recall").getAsDouble(), 1e-15);
        assertEquals(0.4, female.get("f1").getAsDouble(), 1e-15);
        assertEquals(3, female.get("support").getAsInt());
        assertEquals(Set.of("precision", "recall", "f1", "support"), gender.getAsJsonObject("macro_avg").keySet());
        assertEquals(6, gender.getAsJsonObject("weighted_avg").get("support").getAsInt());

        JsonObject confusion = gender.getAsJsonObject("confusion");
        assertEquals("[\"Female\",\"Male\"]", confusion.getAsJsonArray("labels").toString());
        assertEquals("[[1,2],[1,2]]", confusion.getAsJsonArray("matrix").toString());
    }

    @Test
    void classesAreTheReportedOnesButTheConfusionMatrixHasEveryLabel() {
        JsonObject race = json().getAsJsonObject("tasks").getAsJsonObject("race");
        assertEquals(Set.of("Black", "Indian", "White"), race.getAsJsonObject("classes").keySet());
        assertEquals(7, race.getAsJsonObject("confusion").getAsJsonArray("labels").size());
        assertEquals(7, race.getAsJsonObject("confusion").getAsJsonArray("matrix").get(6).getAsJsonArray().size());
    }

    @Test
    void byGroupAndMaxGap() {
        JsonObject gender = json().getAsJsonObject("tasks").getAsJsonObject("gender");
        assertEquals(Set.of("age", "race"), gender.getAsJsonObject("by_group").keySet());
        JsonObject black = gender.getAsJsonObject("by_group").getAsJsonObject("race").getAsJsonObject("Black");
        assertEquals(1.0, black.get("accuracy").getAsDouble());
        assertEquals(1.0, black.get("macro_f1").getAsDouble());
        assertEquals(1, black.get("n").getAsInt());
        assertEquals("[1.0,1.0]", black.getAsJsonArray("ci95").toString());

        JsonObject raceGap = gender.getAsJsonObject("max_gap").getAsJsonObject("race").getAsJsonObject("accuracy");
        assertEquals(1.0, raceGap.get("gap").getAsDouble());
        assertEquals(0.0, raceGap.get("min_max_ratio").getAsDouble());
        assertEquals("Indian", raceGap.get("lowest").getAsString());
        assertEquals("Black", raceGap.get("highest").getAsString());
    }

    @Test
    void unmatchedErrorsAndCounts() {
        JsonObject json = json();
        assertEquals(6, json.get("faces").getAsInt());
        JsonArray unmatched = json.getAsJsonArray("unmatched");
        assertEquals("val/9.jpg", unmatched.get(0).getAsJsonObject().get("file").getAsString());
        assertEquals("prediction", unmatched.get(0).getAsJsonObject().get("missing").getAsString());
        JsonObject error = json.getAsJsonArray("errors").get(0).getAsJsonObject();
        assertEquals("inference_error", error.get("kind").getAsString());
        assertEquals(4, error.get("line").getAsInt());
        assertEquals("cannot decode image", error.get("message").getAsString());
        assertEquals("{\"unmatched\":1,\"errors\":{\"duplicate\":1,\"inference_error\":1}}", json.getAsJsonObject("counts").toString());
        assertEquals("{\"resamples\":100,\"seed\":0}", json.getAsJsonObject("bootstrap").toString());
    }

    @Test
    void anUndefinedRatioIsNull() {
        // In SixFaces some group always scores above 0, so give gender a breakdown whose only group scores 0.
        GroupResult zero = new GroupResult("a", 1, 0.0, new ConfidenceInterval(0, 0), 0.0);
        GroupBreakdown breakdown = new GroupBreakdown(Attribute.RACE, List.of(zero),
                GroupGap.of(List.of(zero), GroupResult::accuracy), GroupGap.of(List.of(zero), GroupResult::macroF1));
        Evaluation base = SixFaces.evaluation();
        TaskEvaluation gender = base.tasks().get(Attribute.GENDER.ordinal());
        TaskEvaluation withZeroGroup = new TaskEvaluation(gender.task(), gender.metrics(), gender.accuracyInterval(), List.of(breakdown));
        Evaluation evaluation = new Evaluation(base.labelsSource(), base.predictionsSource(), base.bootstrap(),
                base.evaluatedFaces(), List.of(withZeroGroup), List.of(), List.of());
        String json = JsonReport.render(evaluation);
        assertTrue(json.contains("\"min_max_ratio\": null"), json);
    }
}
