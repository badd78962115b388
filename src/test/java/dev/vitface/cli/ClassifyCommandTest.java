package dev.vitface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vitface.Fixtures;
import dev.vitface.backend.cpu.CoreTypeOverride;
import dev.vitface.backend.cpu.OpenBlas;
import dev.vitface.engine.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** classify, demo and evaluate --model through the command line on the tiny model. */
class ClassifyCommandTest {
    private static final String MODEL = Fixtures.tinyModel().toString();

    private static String image(String name) {
        return Fixtures.path("tiny/" + name).toString();
    }

    @Test
    void jsonlHasOneObjectPerInputInOrderWithErrorsInPlace(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("notes.png"), "not an image");
        CliRunner r = CliRunner.run("classify", "--model", MODEL, "--faces", "crop", "--format", "jsonl", "--batch", "2",
                image("astronaut.png"), bad.toString(), image("chelsea.png"), dir.resolve("gone.png").toString());
        assertEquals(1, r.exitCode(), "a failed input makes the exit code 1");
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r.out());
        JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals(image("astronaut.png"), first.get("file").getAsString());
        for (String task : List.of("age", "gender", "race")) {
            JsonObject head = first.getAsJsonObject(task);
            double sum = head.getAsJsonObject("probabilities").entrySet().stream()
                    .mapToDouble(e -> e.getValue().getAsDouble()).sum();
            assertEquals(1.0, sum, 1e-9, task);
            assertEquals(head.get("probability").getAsDouble(),
                    head.getAsJsonObject("probabilities").get(head.get("label").getAsString()).getAsDouble());
        }
        assertEquals(List.of("0-2", "10-19", "20-29", "3-9", "30-39", "40-49", "50-59", "60-69", "more than 70"),
                first.getAsJsonObject("age").getAsJsonObject("probabilities").keySet().stream().toList());
        assertTrue(JsonParser.parseString(lines.get(1)).getAsJsonObject().get("error").getAsString().contains("notes.png"));
        assertTrue(JsonParser.parseString(lines.get(2)).getAsJsonObject().has("race"));
        assertTrue(JsonParser.parseString(lines.get(3)).getAsJsonObject().get("error").getAsString().contains("gone.png"));
    }

    /** OpenBLAS for a few images, or oneDNN in place where OPENBLAS_CORETYPE (as this machine sets it) holds it back; oneDNN re-laid out for many. */
    @Test
    void autoTakesTheGemmOfItsWorkloadForAFewImagesAndForMany(@TempDir Path dir) throws IOException {
        Path few = Files.createDirectory(dir.resolve("few"));
        Path many = Files.createDirectory(dir.resolve("many"));
        for (int i = 0; i < Workload.MANY_WITH_OWN_KERNELS; i++) { // enough whatever OPENBLAS_CORETYPE says
            Path copy = Files.copy(Fixtures.path("tiny/chelsea.png"), many.resolve(i + ".png"));
            if (i < 2) Files.copy(copy, few.resolve(i + ".png"));
        }
        boolean heldBack = CoreTypeOverride.process().check(OpenBlas.load().coreName()).isPresent();
        String fewLog = backendLogFor(few);
        assertTrue(fewLog.contains(heldBack ? "weights read in place" : "backend openblas"), fewLog);
        String manyLog = backendLogFor(many);
        assertTrue(manyLog.contains("backend onednn-fp32") && manyLog.contains("weights re-laid out at load"), manyLog);
    }

    /** The backend selector's log lines while classify runs on {@code dir}. */
    private static String backendLogFor(Path dir) {
        Logger log = Logger.getLogger("dev.vitface.engine.BackendSelector");
        StringBuilder lines = new StringBuilder();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                lines.append(r.getMessage()).append('\n');
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        log.addHandler(handler);
        try {
            CliRunner r = CliRunner.run("classify", "--model", MODEL, "--faces", "crop", "--backend", "auto",
                    "--format", "csv", dir.toString());
            assertEquals(0, r.exitCode(), r.err());
        } finally {
            log.removeHandler(handler);
        }
        return lines.toString();
    }

    @Test
    void csvHasTheDocumentedHeaderAndOneRowPerInput(@TempDir Path dir) throws IOException {
        Path bad = Files.write(dir.resolve("a,b.jpg"), new byte[0]);
        CliRunner r = CliRunner.run("classify", "--model", MODEL, "--faces", "crop", "--format", "csv", image("chelsea.png"), bad.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals("file,age,age_probability,gender,gender_probability,race,race_probability,error", lines.get(0));
        assertEquals(3, lines.size());
        assertTrue(lines.get(1).matches(".*chelsea.png,[^,]+,0\\.\\d{6},(Female|Male),0\\.\\d{6},[^,]+,0\\.\\d{6},"), lines.get(1));
        assertTrue(lines.get(2).startsWith("\"" + bad + "\",,,,,,,"), lines.get(2));
    }

    @Test
    void batchSizeDoesNotChangeTheAnswers() {
        String[] images = {image("astronaut.png"), image("chelsea.png"), image("synthetic_70x50.png")};
        CliRunner one = CliRunner.run(concat(new String[] {"classify", "--model", MODEL, "--faces", "crop", "--format", "jsonl", "--batch", "1"}, images));
        CliRunner three = CliRunner.run(concat(new String[] {"classify", "--model", MODEL, "--faces", "crop", "--format", "jsonl", "--batch", "3"}, images));
        assertEquals(0, one.exitCode(), one.err());
        List<String> a = one.out().lines().toList(), b = three.out().lines().toList();
        for (int i = 0; i < 3; i++) {
            JsonObject x = JsonParser.parseString(a.get(i)).getAsJsonObject();
            JsonObject y = JsonParser.parseString(b.get(i)).getAsJsonObject();
            for (String task : List.of("age", "gender", "race")) {
                assertEquals(x.getAsJsonObject(task).get("label"), y.getAsJsonObject(task).get("label"));
                assertEquals(x.getAsJsonObject(task).get("probability").getAsDouble(),
                        y.getAsJsonObject(task).get("probability").getAsDouble(), 1e-6);
            }
        }
    }

    @Test
    void detectGivesOneRowPerFaceWithTheFaceKeysThenTheHeads(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("notes.png"), "not an image");
        String group = FacesCommandTest.groupPhoto().toString();
        CliRunner r = CliRunner.run("classify", "--model", MODEL, "--format", "jsonl", group, image("chelsea.png"), bad.toString());
        assertEquals(1, r.exitCode(), "the error row makes the exit code 1; the no-face row does not");
        List<JsonObject> rows = r.out().lines().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
        assertEquals(FacesCommandTest.GROUP_FACES + 2, rows.size(), r.out());
        CliRunner faces = CliRunner.run("faces", group);
        List<String> detections = faces.out().lines().toList();
        for (int i = 0; i < FacesCommandTest.GROUP_FACES; i++) {
            JsonObject row = rows.get(i);
            assertEquals(List.of("file", "face", "status", "score", "box", "landmarks", "age", "gender", "race"),
                    List.copyOf(row.keySet()), row.toString());
            JsonObject detection = row.deepCopy();
            for (String task : List.of("age", "gender", "race")) {
                assertTrue(detection.remove(task).getAsJsonObject().has("probabilities"), task);
            }
            assertEquals(JsonParser.parseString(detections.get(i)), detection, "the same detection as 'vitface faces'");
        }
        assertEquals(JsonParser.parseString("{\"file\":\"" + image("chelsea.png") + "\",\"face\":null,\"status\":\"no_face\"}"),
                rows.get(FacesCommandTest.GROUP_FACES));
        JsonObject error = rows.get(FacesCommandTest.GROUP_FACES + 1);
        assertEquals(List.of("file", "status", "error"), List.copyOf(error.keySet()));
        assertEquals("error", error.get("status").getAsString());
    }

    @Test
    void facesOfManyPhotosShareBatchesAndGetTheAnswersOfOneByOne() {
        String[] photos = {FacesCommandTest.groupPhoto().toString(), image("chelsea.png"), image("astronaut.png"),
                FacesCommandTest.groupPhoto().toString()};
        CliRunner one = CliRunner.run(concat(new String[] {"classify", "--model", MODEL, "--format", "jsonl", "--batch", "1"}, photos));
        CliRunner three = CliRunner.run(concat(new String[] {"classify", "--model", MODEL, "--format", "jsonl", "--batch", "3"}, photos));
        assertEquals(0, one.exitCode(), one.err());
        assertEquals(0, three.exitCode(), three.err());
        List<String> a = one.out().lines().toList(), b = three.out().lines().toList();
        assertEquals(2 * FacesCommandTest.GROUP_FACES + 2, a.size(), one.out());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            JsonObject x = JsonParser.parseString(a.get(i)).getAsJsonObject();
            JsonObject y = JsonParser.parseString(b.get(i)).getAsJsonObject();
            assertEquals(x.get("file"), y.get("file"));
            assertEquals(x.get("face"), y.get("face"));
            assertEquals(x.get("box"), y.get("box"));
            if (!x.has("age")) continue;
            for (String task : List.of("age", "gender", "race")) {
                assertEquals(x.getAsJsonObject(task).get("label"), y.getAsJsonObject(task).get("label"));
                assertEquals(x.getAsJsonObject(task).get("probability").getAsDouble(),
                        y.getAsJsonObject(task).get("probability").getAsDouble(), 1e-6);
            }
        }
    }

    @Test
    void detectCsvAndTableGainFaceAndBoxColumns() {
        String group = FacesCommandTest.groupPhoto().toString();
        CliRunner csv = CliRunner.run("classify", "--model", MODEL, "--format", "csv", group, image("chelsea.png"));
        List<String> lines = csv.out().lines().toList();
        assertEquals("file,face,status,score,box_x,box_y,box_w,box_h,age,age_probability,gender,gender_probability,"
                + "race,race_probability,error", lines.get(0));
        assertEquals(FacesCommandTest.GROUP_FACES + 2, lines.size(), csv.out());
        for (String line : lines) assertEquals(14, line.chars().filter(c -> c == ',').count(), line);
        assertTrue(lines.get(1).matches(".*group.png,0,ok,0\\.\\d{4},[\\d.]+,[\\d.]+,[\\d.]+,[\\d.]+,[^,]+,0\\.\\d{6},.*"), lines.get(1));
        assertTrue(lines.getLast().endsWith("chelsea.png,,no_face,,,,,,,,,,,,"), lines.getLast());
        CliRunner table = CliRunner.run("classify", "--model", MODEL, group);
        assertTrue(table.out().lines().findFirst().orElseThrow().matches("file\\s+face\\s+box\\s+perceived age.*"), table.out());
        assertEquals(2, CliRunner.run("classify", "--model", MODEL, "--faces", "crop", "--min-score", "0.5", group).exitCode());
    }

    @Test
    void directoriesAreSearchedRecursivelyForImages(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("a/b"));
        Files.copy(Fixtures.path("tiny/chelsea.png"), dir.resolve("a/b/cat.png"));
        Files.copy(Fixtures.path("tiny/astronaut.png"), dir.resolve("a/face.PNG"));
        Files.writeString(dir.resolve("a/readme.txt"), "not an image, and not picked up from a directory");
        CliRunner r = CliRunner.run("classify", "--model", MODEL, "--format", "table", dir.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("perceived age"), r.out());
        assertTrue(r.out().contains("cat.png") && r.out().contains("face.PNG"), r.out());
        assertFalse(r.out().contains("readme.txt"), r.out());
        assertTrue(r.out().contains("2 image(s), 0 failed"), r.out());
    }

    @Test
    void aMissingModelSaysHowToGetOne(@TempDir Path dir) {
        CliRunner r = CliRunner.run("classify", "--model", dir.resolve("none").toString(), image("chelsea.png"));
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("vitface download"), r.err());
    }

    @Test
    void helpCarriesTheResponsibleUseNotice() {
        CliRunner r = CliRunner.run("classify", "--help");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains("surveillance") && r.out().contains("perceived"), r.out());
        assertTrue(CliRunner.run("--help").out().contains("self-identified"));
    }

    @Test
    void demoRunsTheTinyModelAndPassesItsCheck() {
        CliRunner r = CliRunner.run("demo", "--model", "/nonexistent-so-the-bundled-demo-runs");
        assertEquals(1, r.exitCode(), "an explicit --model without weights is an error");
        CliRunner demo = CliRunner.run("demo");
        assertEquals(0, demo.exitCode(), demo.out() + demo.err());
        assertTrue(demo.out().contains("random seeded weights"), demo.out());
        assertTrue(demo.out().contains("(PASS, tolerance 1e-05)"), demo.out());
    }

    @Test
    void evaluateRunsTheModelOnLabelledImages(@TempDir Path dir) throws IOException {
        for (String f : List.of("astronaut.png", "chelsea.png", "synthetic_70x50.png")) {
            Files.copy(Fixtures.path("tiny/" + f), dir.resolve(f));
        }
        Files.writeString(dir.resolve("labels.csv"), """
                file,age,gender,race,service_test
                astronaut.png,30-39,Female,White,True
                chelsea.png,3-9,Male,East Asian,False
                synthetic_70x50.png,40-49,Female,Southeast Asian,True
                missing.png,20-29,Male,Black,True
                """);
        CliRunner r = CliRunner.run("evaluate", "--labels", dir.resolve("labels.csv").toString(), "--model", MODEL,
                "--format", "json", "--bootstrap", "50");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        JsonObject report = JsonParser.parseString(r.out()).getAsJsonObject();
        assertTrue(report.getAsJsonObject("tasks").has("race"), r.out());
        assertTrue(report.get("errors").toString().contains("missing.png"), r.out());
        assertEquals(2, CliRunner.run("evaluate", "--labels", "x.csv").exitCode(), "needs --model or --predictions");
    }

    @Test
    void evaluateWithDetectionListsPhotosWithNoFaceOrSeveralAsInputProblems(@TempDir Path dir) throws IOException {
        Files.copy(Fixtures.path("tiny/astronaut.png"), dir.resolve("astronaut.png"));
        Files.copy(Fixtures.path("tiny/chelsea.png"), dir.resolve("chelsea.png"));
        Files.copy(FacesCommandTest.groupPhoto(), dir.resolve("group.png"));
        Files.writeString(dir.resolve("labels.csv"), """
                file,age,gender,race,service_test
                astronaut.png,30-39,Female,White,True
                chelsea.png,3-9,Male,East Asian,False
                group.png,40-49,Female,White,True
                """);
        String labels = dir.resolve("labels.csv").toString();
        CliRunner r = CliRunner.run("evaluate", "--labels", labels, "--model", MODEL, "--faces", "detect", "--format", "json",
                "--bootstrap", "20");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        JsonObject report = JsonParser.parseString(r.out()).getAsJsonObject();
        JsonObject counts = report.getAsJsonObject("counts").getAsJsonObject("errors");
        assertEquals(1, counts.get("no_face").getAsInt(), r.out());
        assertEquals(1, counts.get("several_faces").getAsInt(), r.out());
        String errors = report.get("errors").toString();
        assertTrue(errors.contains("chelsea.png") && errors.contains("group.png") && errors.contains("found 5 faces"), errors);
        CliRunner crop = CliRunner.run("evaluate", "--labels", labels, "--model", MODEL, "--format", "json", "--bootstrap", "20");
        assertEquals(0, crop.exitCode(), crop.err());
        assertFalse(crop.out().contains("no_face"), "crop is the default: every image is one face");
        assertEquals(2, CliRunner.run("evaluate", "--labels", labels, "--predictions", labels, "--faces", "detect").exitCode());

        CliRunner csv = CliRunner.run("classify", "--model", MODEL, "--format", "csv", dir.resolve("astronaut.png").toString(),
                dir.resolve("chelsea.png").toString(), dir.resolve("group.png").toString());
        Path predictions = Files.writeString(dir.resolve("predictions.csv"), csv.out());
        CliRunner fromCsv = CliRunner.run("evaluate", "--labels", labels, "--predictions", predictions.toString(), "--format", "json",
                "--bootstrap", "20");
        assertEquals(0, fromCsv.exitCode(), fromCsv.err());
        JsonObject csvCounts = JsonParser.parseString(fromCsv.out()).getAsJsonObject().getAsJsonObject("counts").getAsJsonObject("errors");
        assertEquals(counts, csvCounts, "a detect CSV is read as --model --faces detect runs");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
