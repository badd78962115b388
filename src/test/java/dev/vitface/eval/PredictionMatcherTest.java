package dev.vitface.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading labels and predictions, and joining them: nothing is dropped without being reported. */
class PredictionMatcherTest {
    private static final String PREDICTIONS_HEADER =
            "file,age,age_probability,gender,gender_probability,race,race_probability,error\n";

    @TempDir
    Path dir;
    private FileKeys keys;

    @BeforeEach
    void rootIsTheTempFolder() {
        keys = new FileKeys(dir);
    }

    @Test
    void matchesByFileAndKeepsLabelOrder() throws IOException {
        LabelledFaces labels = labels("""
                file,age,gender,race,service_test
                val/1.jpg,20-29,Male,White,True
                val/2.jpg,3-9,Female,Indian,False
                """);
        Predictions predictions = predictions(PREDICTIONS_HEADER
                + dir.resolve("val/2.jpg") + ",3-9,0.9,Male,0.8,Indian,0.7,\n"
                + "val/1.jpg,20-29,0.9,Male,0.8,Black,0.7,\n");
        MatchedInputs matched = PredictionMatcher.match(labels, "p.csv", predictions, keys);

        assertEquals(2, matched.faces().size());
        assertTrue(matched.unmatched().isEmpty());
        assertTrue(matched.problems().isEmpty());
        int white = Attribute.RACE.indexOf("White");
        int black = Attribute.RACE.indexOf("Black");
        int indian = Attribute.RACE.indexOf("Indian");
        assertEquals(List.of(white, indian), ints(matched.faces().truth(Attribute.RACE)));
        assertEquals(List.of(black, indian), ints(matched.faces().predicted(Attribute.RACE)));
    }

    @Test
    void filesOnOneSideOnlyAreUnmatched() throws IOException {
        LabelledFaces labels = labels("file,age,gender,race\nval/1.jpg,20-29,Male,White\nval/2.jpg,3-9,Female,Indian\n");
        Predictions predictions = predictions(PREDICTIONS_HEADER
                + "val/1.jpg,20-29,0.9,Male,0.8,White,0.7,\n"
                + "val/3.jpg,20-29,0.9,Male,0.8,White,0.7,\n");
        MatchedInputs matched = PredictionMatcher.match(labels, "p.csv", predictions, keys);

        assertEquals(1, matched.faces().size());
        assertEquals(List.of(
                new UnmatchedFile("val/2.jpg", UnmatchedFile.Missing.PREDICTION, labels.source(), 3),
                new UnmatchedFile("val/3.jpg", UnmatchedFile.Missing.LABEL, "p.csv", 3)), matched.unmatched());
    }

    @Test
    void duplicatesAreReportedAndTheFirstRowIsUsed() throws IOException {
        LabelledFaces labels = labels("file,age,gender,race\nval/1.jpg,20-29,Male,White\n./val/1.jpg,3-9,Female,Black\n");
        Predictions predictions = predictions(PREDICTIONS_HEADER
                + "val/1.jpg,20-29,0.9,Male,0.8,White,0.7,\n"
                + "val//1.jpg,0-2,0.9,Female,0.8,Black,0.7,\n");
        MatchedInputs matched = PredictionMatcher.match(labels, "p.csv", predictions, keys);

        assertEquals(1, matched.faces().size());
        assertEquals(Attribute.AGE.indexOf("20-29"), matched.faces().truth(Attribute.AGE)[0]);
        assertEquals(Attribute.AGE.indexOf("20-29"), matched.faces().predicted(Attribute.AGE)[0]);
        assertEquals(List.of(InputProblem.Kind.DUPLICATE, InputProblem.Kind.DUPLICATE), kinds(matched));
        assertEquals(List.of(3, 3), matched.problems().stream().map(InputProblem::line).toList());
        assertTrue(matched.problems().getFirst().message().contains("line 2"), matched.problems().getFirst().message());
        assertTrue(matched.unmatched().isEmpty());
    }

    @Test
    void unknownLabelsAndInferenceErrorsAreErrorsNotUnmatchedFiles() throws IOException {
        LabelledFaces labels = labels("""
                file,age,gender,race
                val/1.jpg,20-29,Male,Asian
                val/2.jpg,3-9,Female,Indian
                val/3.jpg,3-9,Female,Indian
                ,3-9,Female,Indian
                """);
        Predictions predictions = predictions(PREDICTIONS_HEADER
                + "val/1.jpg,20-29,0.9,Male,0.8,White,0.7,\n"
                + "val/2.jpg,,,,,,,cannot decode image\n"
                + "val/3.jpg,20-29,0.9,male,0.8,White,0.7,\n");
        MatchedInputs matched = PredictionMatcher.match(labels, "p.csv", predictions, keys);

        assertEquals(0, matched.faces().size());
        assertTrue(matched.unmatched().isEmpty(), () -> "listed twice: " + matched.unmatched());
        assertEquals(List.of(InputProblem.Kind.UNKNOWN_LABEL, InputProblem.Kind.BAD_FILE_NAME,
                InputProblem.Kind.INFERENCE_ERROR, InputProblem.Kind.UNKNOWN_LABEL), kinds(matched));
        InputProblem unknownRace = matched.problems().getFirst();
        assertEquals(2, unknownRace.line());
        assertTrue(unknownRace.message().startsWith("unknown race 'Asian' (expected one of Black, East Asian,"), unknownRace.message());
        assertEquals("cannot decode image", matched.problems().get(2).message());
        assertTrue(matched.problems().get(3).message().startsWith("unknown gender 'male'"), matched.problems().get(3).message());
    }

    @Test
    void labelsNeedTheirColumnsButNotServiceTest() throws IOException {
        Files.writeString(dir.resolve("l.csv"), "file,age,gender\nval/1.jpg,3-9,Male\n");
        CsvFormatException e = assertThrows(CsvFormatException.class,
                () -> LabelsCsv.read(dir.resolve("l.csv"), keys));
        assertTrue(e.getMessage().contains("no 'race' column"), e.getMessage());
    }

    @Test
    void predictionsWithoutAnErrorColumnAreAccepted() throws IOException {
        Predictions predictions = predictions("file,age,gender,race\nval/1.jpg,3-9,Male,White\n");
        assertEquals(1, predictions.usable().size());
    }

    private LabelledFaces labels(String csv) throws IOException {
        Path file = dir.resolve("labels.csv");
        Files.writeString(file, csv);
        return LabelsCsv.read(file, keys);
    }

    private Predictions predictions(String csv) throws IOException {
        Path file = dir.resolve("predictions.csv");
        Files.writeString(file, csv);
        return new PredictionsCsv(file).predictions();
    }

    private static List<InputProblem.Kind> kinds(MatchedInputs matched) {
        return matched.problems().stream().map(InputProblem::kind).toList();
    }

    private static List<Integer> ints(int[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
