package dev.vitface.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vitface.classify.FacePrediction;
import dev.vitface.classify.TaskPrediction;
import dev.vitface.faces.FaceBox;
import dev.vitface.model.Labels;
import dev.vitface.model.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** --summary on a hand-made table of audit rows, every number worked out by hand. */
class AuditSummaryTest {
    private static final Labels LABELS = Labels.fairFace();

    /** A face the model perceives with these labels (each with probability 1). */
    private static FacePrediction perceived(String age, String gender, String race) {
        return new FacePrediction(head(Task.AGE, age), head(Task.GENDER, gender), head(Task.RACE, race));
    }

    private static TaskPrediction head(Task task, String label) {
        Map<String, Double> p = new LinkedHashMap<>();
        for (String l : LABELS.of(task)) p.put(l, l.equals(label) ? 1.0 : 0.0);
        return new TaskPrediction(label, 1.0, p);
    }

    private static Row face(String path, int index, FacePrediction prediction) {
        return AuditRows.face(path, index, new FaceBox(0, 0, 2, 2), null, null, prediction, TestSpark.TINY_SHA256);
    }

    /**
     * 10 images: a, b, c, e, f with one face, d with two (6 with faces, 7 faces), g and h without a
     * face, i and j unreadable. Perceived gender: 3 Female, 4 Male; age: 5 in 20-29, 2 in 30-39;
     * race: all 7 White.
     */
    private static List<Row> table() {
        List<Row> rows = new ArrayList<>();
        rows.add(face("a", 0, perceived("20-29", "Female", "White")));
        rows.add(face("b", 0, perceived("20-29", "Female", "White")));
        rows.add(face("c", 0, perceived("30-39", "Female", "White")));
        rows.add(face("d", 0, perceived("20-29", "Male", "White")));
        rows.add(face("d", 1, perceived("20-29", "Male", "White")));
        rows.add(face("e", 0, perceived("30-39", "Male", "White")));
        rows.add(face("f", 0, perceived("20-29", "Male", "White")));
        rows.add(AuditRows.noFace("g", TestSpark.TINY_SHA256));
        rows.add(AuditRows.noFace("h", TestSpark.TINY_SHA256));
        rows.add(AuditRows.error("i", "not an image file", TestSpark.TINY_SHA256));
        rows.add(AuditRows.error("j", "truncated PNG data", TestSpark.TINY_SHA256));
        return rows;
    }

    @Test
    void countsSharesAndWilsonIntervalsOfAHandMadeTable() {
        var results = TestSpark.session().createDataFrame(table(), AuditRows.SCHEMA);
        Map<String, AuditSummary.Line> lines = new LinkedHashMap<>();
        for (AuditSummary.Line line : AuditSummary.of(results).rows()) lines.put(line.attribute() + "/" + line.label(), line);

        // Images: 6 of 10 with faces, 2 without (the no-face rate), 2 unreadable (the error rate).
        assertLine(lines.get("image_status/ok"), 6, 10, 0.312674, 0.831820);
        assertLine(lines.get("image_status/no_face"), 2, 10, 0.056682, 0.509838);
        assertLine(lines.get("image_status/error"), 2, 10, 0.056682, 0.509838);
        // Faces: 7. 3/7 → [0.158220, 0.749542] as computed by hand in WilsonIntervalTest.
        assertLine(lines.get("perceived_gender/Female"), 3, 7, 0.158220, 0.749542);
        assertLine(lines.get("perceived_gender/Male"), 4, 7, 0.250458, 0.841780);
        assertLine(lines.get("perceived_age/20-29"), 5, 7, 0.358934, 0.917781);
        assertLine(lines.get("perceived_age/30-39"), 2, 7, 0.082219, 0.641066);
        // A label no face got is listed, with its interval: 0/7 → [0, 0.354330].
        assertLine(lines.get("perceived_age/0-2"), 0, 7, 0.0, 0.354330);
        assertLine(lines.get("perceived_race/White"), 7, 7, 0.645670, 1.0);
        assertEquals(3 + LABELS.of(Task.AGE).size() + LABELS.of(Task.GENDER).size() + LABELS.of(Task.RACE).size(), lines.size());
        List<String> ages = lines.values().stream().filter(l -> l.attribute().equals("perceived_age")).map(AuditSummary.Line::label).toList();
        assertEquals(List.of("0-2", "3-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "more than 70"), ages,
                "age bins by their lower bound, as every report lists them");
    }

    @Test
    void aTableWithoutFacesHasNoProportionsForTheAttributes() {
        var results = TestSpark.session().createDataFrame(List.of(AuditRows.noFace("g", TestSpark.TINY_SHA256)), AuditRows.SCHEMA);
        List<AuditSummary.Line> lines = AuditSummary.of(results).rows();
        assertEquals(List.of("image_status/ok", "image_status/no_face", "image_status/error"),
                lines.stream().map(l -> l.attribute() + "/" + l.label()).toList());
        assertEquals(1.0, lines.get(1).proportion());
    }

    private static void assertLine(AuditSummary.Line line, long count, long total, double low, double high) {
        String name = line.attribute() + "/" + line.label();
        assertEquals(count, line.count(), name + " count");
        assertEquals(total, line.total(), name + " total");
        assertEquals((double) count / total, line.proportion(), 1e-12, name + " proportion");
        assertEquals(low, line.interval().low(), 1e-6, name + " low");
        assertEquals(high, line.interval().high(), 1e-6, name + " high");
        Row row = line.toRow();
        assertEquals(List.of(line.attribute(), line.label(), count, total), List.of(row.get(0), row.get(1), row.get(2), row.get(3)));
        assertEquals(low, row.getDouble(5), 1e-6);
    }
}
