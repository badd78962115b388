package dev.vitface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {
    private static final String PREDICTIONS_HEADER =
            "file,age,age_probability,gender,gender_probability,race,race_probability,error\n";

    @TempDir
    Path dir;
    private Path labels;
    private Path predictions;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** FairFace's layout: the labels CSV next to val/, predictions with absolute paths under it. */
    @BeforeEach
    void writeInputs() throws IOException {
        labels = dir.resolve("fairface_label_val.csv");
        predictions = dir.resolve("predictions.csv");
        Files.writeString(labels, """
                file,age,gender,race,service_test
                val/1.jpg,20-29,Male,White,True
                val/2.jpg,3-9,Female,East Asian,False
                val/3.jpg,more than 70,Female,Latino_Hispanic,False
                """);
        Files.writeString(predictions, PREDICTIONS_HEADER
                + dir.resolve("val/1.jpg") + ",20-29,0.91,Male,0.99,White,0.80,\n"
                + dir.resolve("val/2.jpg") + ",10-19,0.55,Female,0.97,East Asian,0.90,\n"
                + dir.resolve("val/3.jpg") + ",60-69,0.61,Female,0.95,Latino_Hispanic,0.70,\n");
    }

    @Test
    void printsTheTextReportByDefaultAndFindsImagesNextToTheLabels() {
        assertEquals(ExitCodes.SUCCESS, run("--labels", labels.toString(), "--predictions", predictions.toString()));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("  evaluated faces:     3\n"), text);
        assertTrue(text.contains("== Perceived age =="), text);
        assertTrue(text.contains("    accuracy                           0.33         3\n"), text);
        assertEquals("", err.toString(StandardCharsets.UTF_8), "nothing to warn about");
    }

    @Test
    void jsonFormatAndSeedAndResamplesAreHonoured() {
        assertEquals(ExitCodes.SUCCESS, run("--labels", labels.toString(), "--predictions", predictions.toString(),
                "--format", "json", "--seed", "42", "--bootstrap", "50"));
        JsonObject json = JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals(1.0, json.getAsJsonObject("tasks").getAsJsonObject("race").get("accuracy").getAsDouble());
        assertEquals("{\"resamples\":50,\"seed\":42}", json.getAsJsonObject("bootstrap").toString());
    }

    @Test
    void reportFolderGetsTheHtmlPageAndTheJson() throws IOException {
        Path report = dir.resolve("out/report");
        assertEquals(ExitCodes.SUCCESS, run("--labels", labels.toString(), "--predictions", predictions.toString(),
                "--report", report.toString()));
        assertTrue(Files.readString(report.resolve("report.html")).startsWith("<!DOCTYPE html>"));
        JsonParser.parseString(Files.readString(report.resolve("report.json"))).getAsJsonObject();
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("wrote " + report.resolve("report.html")));
    }

    @Test
    void unmatchedFilesAndErrorsAreReportedWithoutFailing() throws IOException {
        Files.writeString(predictions, PREDICTIONS_HEADER
                + "val/1.jpg,20-29,0.91,Male,0.99,White,0.80,\n"
                + "val/2.jpg,,,,,,,cannot decode image\n"
                + "val/4.jpg,20-29,0.91,Male,0.99,White,0.80,\n");
        assertEquals(ExitCodes.SUCCESS, run("--labels", labels.toString(), "--predictions", predictions.toString(),
                "--images", dir.toString()));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("fairface_label_val.csv:4: val/3.jpg: no prediction"), text);
        assertTrue(text.contains("predictions.csv:4: val/4.jpg: no label"), text);
        assertTrue(text.contains("predictions.csv:3: val/2.jpg: inference_error: cannot decode image"), text);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unmatched files: 2, rows not evaluated: 1"));
    }

    @Test
    void inputErrorsExitWithOne() throws IOException {
        assertEquals(ExitCodes.FAILURE, run("--labels", dir.resolve("missing.csv").toString(), "--predictions", predictions.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no such file: " + dir.resolve("missing.csv")));

        Files.writeString(predictions, PREDICTIONS_HEADER + "\"val/1.jpg,20-29\n");
        assertEquals(ExitCodes.FAILURE, run("--labels", labels.toString(), "--predictions", predictions.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(predictions + ":2: a quoted field is never closed"));
    }

    @Test
    void nothingToEvaluateExitsWithOneAndPointsAtTheImagesRoot() {
        assertEquals(ExitCodes.FAILURE, run("--labels", labels.toString(), "--predictions", predictions.toString(),
                "--images", "/somewhere/else"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no labelled face has a usable prediction"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("/somewhere/else"));
    }

    @Test
    void aReportPathThatIsAFileExitsWithOne() throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "");
        assertEquals(ExitCodes.FAILURE, run("--labels", labels.toString(), "--predictions", predictions.toString(),
                "--report", file.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("not a folder: " + file), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badCommandLinesAreUsageErrors() {
        String l = labels.toString();
        String p = predictions.toString();
        assertUsage("--labels is required", "--predictions", p);
        assertUsage("give exactly one of --predictions CSV and --model DIR", "--labels", l);
        assertUsage("give exactly one of --predictions CSV and --model DIR", "--labels", l, "--predictions", p, "--model", "m");
        assertUsage("--format must be one of text, json", "--labels", l, "--predictions", p, "--format", "xml");
        assertUsage("--bootstrap must be between 1", "--labels", l, "--predictions", p, "--bootstrap", "0");
        assertUsage("--digits must be a whole number", "--labels", l, "--predictions", p, "--digits", "two");
        assertUsage("unexpected argument 'extra'", "--labels", l, "--predictions", p, "extra");
    }

    @Test
    void usageNamesEveryOption() {
        String usage = new EvaluateCommand().usage();
        for (String option : List.of("--labels", "--predictions", "--images", "--format", "--report", "--bootstrap", "--seed", "--digits")) {
            assertTrue(usage.contains(option), option);
        }
    }

    private int run(String... argv) {
        out.reset();
        err.reset();
        return new EvaluateCommand().run(List.of(argv), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private void assertUsage(String message, String... argv) {
        UsageException e = assertThrows(UsageException.class, () -> run(argv));
        assertTrue(e.getMessage().startsWith(message), () -> "'" + e.getMessage() + "' does not start with '" + message + "'");
    }
}
