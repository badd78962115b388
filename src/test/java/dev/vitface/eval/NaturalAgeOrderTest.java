package dev.vitface.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reports list age bins as people read them (0-2, 3-9, 10-19 … more than 70), not in the model's
 * sorted-string index order, where 3-9 comes after 20-29. Four faces with ages whose two orders
 * differ; everything is checked through the rendered reports alone.
 */
class NaturalAgeOrderTest {
    private static final List<String> NATURAL_AGES =
            List.of("0-2", "3-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "more than 70");
    private static final List<String> LABELLED_AGES = List.of("3-9", "10-19", "20-29", "more than 70");

    private static Evaluation evaluation() {
        List<LabelIndices> truth = new ArrayList<>();
        List<LabelIndices> predicted = new ArrayList<>();
        add(truth, predicted, "3-9", "10-19", "Female");
        add(truth, predicted, "10-19", "10-19", "Male");
        add(truth, predicted, "20-29", "20-29", "Female");
        add(truth, predicted, "more than 70", "3-9", "Male");
        MatchedInputs inputs = new MatchedInputs(new MatchedFaces(truth, predicted), List.of(), List.of());
        return new Evaluator(new AccuracyBootstrap(50, 0)).evaluate(inputs, "labels.csv", "predictions.csv");
    }

    private static void add(List<LabelIndices> truth, List<LabelIndices> predicted, String age, String predictedAge,
                            String gender) {
        truth.add(LabelIndices.ofLabels(age, gender, "White"));
        predicted.add(LabelIndices.ofLabels(predictedAge, gender, "White"));
    }

    /** Asserts that {@code needles} occur in {@code text} in this order. */
    private static void assertInOrder(String text, List<String> needles) {
        int from = 0;
        for (String needle : needles) {
            int at = text.indexOf(needle, from);
            assertTrue(at >= 0, "'" + needle + "' missing, or before " + needles + "'s earlier items, in:\n" + text);
            from = at + needle.length();
        }
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertTrue(from >= 0, start);
        return text.substring(from, text.indexOf(end, from));
    }

    @Test
    void textReportListsAgeBinsByLowerBound() {
        String text = TextReport.render(evaluation(), 2);
        String age = between(text, "== Perceived age ==", "== Perceived gender ==");
        // the classification report's lines
        assertInOrder(age, List.of("\n         3-9 ", "\n       10-19 ", "\n       20-29 ", "\nmore than 70 ", "\n    accuracy"));
        // the confusion matrix: the header, then the rows
        assertTrue(age.contains("\n" + " ".repeat(12) + "  0-2  3-9  10-19  20-29  30-39  40-49  50-59  60-69  more than 70\n"), age);
        String matrix = between(age, "Confusion matrix", "by labelled");
        assertInOrder(matrix, NATURAL_AGES.stream().map(label -> "\n" + " ".repeat(12 - label.length()) + label + "  ").toList());
        // the groups of another task split by age
        String genderByAge = between(text, "Perceived gender by labelled perceived age", "largest gap");
        assertInOrder(genderByAge, LABELLED_AGES.stream().map(label -> "\n  " + label + " ").toList());
    }

    @Test
    void htmlReportListsAgeBinsByLowerBound() {
        String html = HtmlReport.render(evaluation(), 2);
        String age = between(html, "<section id=\"age\">", "</section>");
        String report = between(age, "<pre>", "</pre>");
        assertInOrder(report, List.of("\n         3-9 ", "\n       10-19 ", "\n       20-29 ", "\nmore than 70 "));
        String heatMap = between(age, "aria-label=\"Confusion matrix", "</svg>");
        assertInOrder(heatMap, NATURAL_AGES.stream().map(label -> "rotate(-45)\" font-size=\"12\">" + label + "</text>").toList());
        assertInOrder(heatMap, NATURAL_AGES.stream().map(label -> "dominant-baseline=\"middle\">" + label + "</text>").toList());
        String genderSection = between(html, "<section id=\"gender\">", "</section>");
        String byAge = between(genderSection, "by labelled perceived age</h3>", "Largest accuracy gap");
        assertInOrder(byAge, LABELLED_AGES.stream().map(label -> "<tr><td>" + label + "</td>").toList());
    }

    @Test
    void jsonReportListsAgeBinsByLowerBoundWithTheMatrixInTheSameOrder() {
        JsonObject age = JsonParser.parseString(JsonReport.render(evaluation())).getAsJsonObject()
                .getAsJsonObject("tasks").getAsJsonObject("age");
        JsonObject confusion = age.getAsJsonObject("confusion");
        assertEquals(NATURAL_AGES, confusion.getAsJsonArray("labels").asList().stream().map(e -> e.getAsString()).toList());
        // row "3-9" (labelled) has its one face in column "10-19" (predicted); "more than 70" in column "3-9"
        assertEquals("[0,0,1,0,0,0,0,0,0]", confusion.getAsJsonArray("matrix").get(1).toString());
        assertEquals("[0,1,0,0,0,0,0,0,0]", confusion.getAsJsonArray("matrix").get(8).toString());
        assertEquals(LABELLED_AGES, List.copyOf(age.getAsJsonObject("classes").keySet()));
        JsonObject genderByAge = JsonParser.parseString(JsonReport.render(evaluation())).getAsJsonObject()
                .getAsJsonObject("tasks").getAsJsonObject("gender").getAsJsonObject("by_group").getAsJsonObject("age");
        assertEquals(LABELLED_AGES, List.copyOf(genderByAge.keySet()));
    }
}
