package dev.vitface.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A synthetic run the size of FairFace's validation split (10,954 faces), from CSV files to every
 * report, with the default 1,000 bootstrap resamples. The predictions follow fixed patterns, so
 * the accuracies are known exactly.
 */
class FairFaceSizedRunTest {
    private static final int FACES = 10_954;
    /** "A few seconds" on two shared cores, with room for a slow CI machine. */
    private static final Duration BUDGET = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void evaluatesTenThousandFacesInAFewSeconds() throws IOException {
        Path labels = dir.resolve("fairface_label_val.csv");
        Path predictions = dir.resolve("predictions.csv");
        writeCsvs(labels, predictions);

        long start = System.nanoTime();
        FileKeys keys = new FileKeys(dir);
        LabelledFaces labelled = LabelsCsv.read(labels, keys);
        PredictionSource source = new PredictionsCsv(predictions);
        MatchedInputs matched = PredictionMatcher.match(labelled, source.description(), source.predictions(), keys);
        Evaluation evaluation = new Evaluator(new AccuracyBootstrap(1000, 0)).evaluate(matched, labels.toString(), source.description());
        String text = TextReport.render(evaluation, 2);
        String json = JsonReport.render(evaluation);
        String html = HtmlReport.render(evaluation, 2);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("FairFace-sized evaluation (%d faces, 1000 resamples): %d ms%n", FACES, elapsed.toMillis());

        assertTrue(elapsed.compareTo(BUDGET) < 0, "took " + elapsed.toMillis() + " ms");
        assertEquals(FACES, evaluation.evaluatedFaces());
        assertTrue(evaluation.unmatched().isEmpty() && evaluation.problems().isEmpty());
        // age is wrong on every 5th face, gender on every 4th, race on every 7th (from face 0)
        assertEquals(1 - 2191.0 / FACES, accuracy(evaluation, Attribute.AGE), 1e-15);
        assertEquals(1 - 2739.0 / FACES, accuracy(evaluation, Attribute.GENDER), 1e-15);
        assertEquals(1 - 1565.0 / FACES, accuracy(evaluation, Attribute.RACE), 1e-15);
        for (TaskEvaluation task : evaluation.tasks()) {
            for (GroupBreakdown breakdown : task.breakdowns()) {
                assertEquals(breakdown.groupedBy().classCount(), breakdown.groups().size());
                assertEquals(FACES, breakdown.groups().stream().mapToInt(GroupResult::faces).sum());
                for (GroupResult group : breakdown.groups()) {
                    ConfidenceInterval interval = group.accuracyInterval();
                    assertTrue(interval.low() <= group.accuracy() && group.accuracy() <= interval.high(), group.toString());
                }
            }
        }
        assertTrue(text.contains("accuracy                           0.80     10954"), "the age report's accuracy line");
        assertTrue(json.contains("\"accuracy\": 0.7999817418294687"), "age accuracy 8763/10954 in the JSON");
        assertTrue(html.length() < 200_000, "the page stays small: " + html.length());
    }

    private static double accuracy(Evaluation evaluation, Attribute task) {
        return evaluation.tasks().get(task.ordinal()).metrics().accuracy();
    }

    /** Face i: labels cycle through every class; a wrong prediction moves to the next class. */
    private static void writeCsvs(Path labels, Path predictions) throws IOException {
        try (Writer l = Files.newBufferedWriter(labels); Writer p = Files.newBufferedWriter(predictions)) {
            l.write("file,age,gender,race,service_test\n");
            p.write("file,age,age_probability,gender,gender_probability,race,race_probability,error\n");
            for (int i = 0; i < FACES; i++) {
                int age = i % 9;
                int gender = (i / 9) % 2;
                int race = (i / 18) % 7;
                String file = "val/" + (i + 1) + ".jpg";
                l.write(String.join(",", file, Attribute.AGE.label(age), Attribute.GENDER.label(gender),
                        Attribute.RACE.label(race), "True") + "\n");
                p.write(String.join(",", List.of(file,
                        Attribute.AGE.label(i % 5 == 0 ? (age + 1) % 9 : age), "0.9",
                        Attribute.GENDER.label(i % 4 == 0 ? 1 - gender : gender), "0.9",
                        Attribute.RACE.label(i % 7 == 0 ? (race + 1) % 7 : race), "0.9", "")) + "\n");
            }
        }
    }
}
