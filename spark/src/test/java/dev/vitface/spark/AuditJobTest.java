package dev.vitface.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.FaceAttributes;
import dev.vitface.backend.Precision;
import dev.vitface.classify.ClassificationResult;
import dev.vitface.classify.FaceFields;
import dev.vitface.classify.FaceMode;
import dev.vitface.classify.FacePrediction;
import dev.vitface.classify.TaskPrediction;
import dev.vitface.engine.BackendKind;
import dev.vitface.engine.EngineOptions;
import dev.vitface.faces.FaceLandmarks;
import dev.vitface.faces.Point;
import dev.vitface.model.Task;
import dev.vitface.preprocess.ImageDecoder;
import dev.vitface.preprocess.RgbImage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit job on local[2]: row counts and statuses, equality with classify, partitions, loading, Parquet. */
class AuditJobTest {
    @TempDir
    static Path work;
    private static SparkSession spark;
    private static Path images;

    @BeforeAll
    static void start() throws Exception {
        spark = TestSpark.session();
        images = TestSpark.imageTree(Files.createDirectories(work.resolve("images")));
    }

    private static Dataset<Row> files() {
        return InputTable.files(spark, images.toString(), InputTable.IMAGE_GLOB);
    }

    /** The image tree's images, each one face crop. */
    private static List<Row> audit(Dataset<Row> input, ModelSpec spec, Optional<Integer> partitions) {
        return audit(input, spec, FaceMode.CROP, partitions);
    }

    private static List<Row> audit(Dataset<Row> input, ModelSpec spec, FaceMode mode, Optional<Integer> partitions) {
        return AuditJob.audit(input, spec, FaceSources.forMode(mode), ImageDecoder.DEFAULT_PIXEL_LIMIT, false,
                partitions).collectAsList();
    }

    /** Rows by path (one per image here: every image is one crop). */
    private static Map<String, Row> byPath(List<Row> rows) {
        Map<String, Row> map = new TreeMap<>();
        for (Row r : rows) assertNull(map.put(r.getString(0), r), "two rows for " + r.getString(0));
        return map;
    }

    private static String fileName(String uri) {
        return Path.of(URI.create(uri)).getFileName().toString();
    }

    @Test
    void bundledAndBrokenImagesGiveOneRowEachWithTheirStatus() throws Exception {
        Map<String, Row> rows = byPath(audit(files(), TestSpark.spec("java", 4), Optional.empty()));
        assertEquals(TestSpark.GOOD_IMAGES.size() + TestSpark.BROKEN_IMAGES.size(), rows.size(), rows.keySet().toString());
        assertTrue(rows.keySet().stream().noneMatch(p -> p.endsWith(TestSpark.EMPTY_FILE) || p.endsWith(".txt")), rows.keySet().toString());
        for (Row r : rows.values()) {
            String name = fileName(r.getString(0));
            assertEquals(TestSpark.TINY_SHA256, r.getAs("model_sha256"));
            if (TestSpark.GOOD_IMAGES.contains(name)) {
                assertEquals(FaceFields.OK, r.getAs("status"), name);
                assertEquals(0, (int) r.getAs("face"));
                assertNull(r.getAs("error"));
                assertNull(r.getAs("score"), "no detector score for a crop");
                assertNull(r.getAs("landmarks"));
                RgbImage decoded = ImageDecoder.defaults().decode(Path.of(URI.create(r.getString(0))));
                Row box = r.getAs("box");
                assertEquals(List.of(0.0, 0.0, (double) decoded.width(), (double) decoded.height()),
                        List.of(box.getDouble(0), box.getDouble(1), box.getDouble(2), box.getDouble(3)), name);
                for (Task task : Task.values()) {
                    Row head = r.getAs(task.key());
                    Map<String, Double> p = head.getJavaMap(2);
                    assertEquals(p.get(head.getString(0)), head.getDouble(1), name + " " + task.key());
                    assertEquals(1.0, p.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
                }
            } else {
                assertTrue(TestSpark.BROKEN_IMAGES.contains(name), name);
                assertEquals(FaceFields.ERROR, r.getAs("status"), name);
                assertNull(r.getAs("face"));
                assertNull(r.getAs("age"));
                String error = r.getAs("error");
                String expected = name.equals("notes.jpg") ? "not an image file" : "truncated";
                assertTrue(error.contains(expected), name + ": " + error);
            }
        }
    }

    @Test
    void predictionsAreIdenticalToClassifyOnTheSameFiles() throws Exception {
        Map<Path, Row> rows = new TreeMap<>();
        byPath(audit(files(), TestSpark.spec("java", 8), Optional.empty())).forEach((uri, row) -> rows.put(Path.of(URI.create(uri)), row));
        List<Path> paths = List.copyOf(rows.keySet());
        FaceAttributes.Options options = FaceAttributes.Options.defaults()
                .withEngine(new EngineOptions(BackendKind.JAVA, Precision.FP32, 1)).withBatchSize(8);
        List<ClassificationResult> classified;
        try (FaceAttributes model = FaceAttributes.load(TestSpark.model(), options)) {
            classified = model.classify(paths);
        }
        int compared = 0;
        for (ClassificationResult result : classified) {
            Row row = rows.get(Path.of(result.source()));
            switch (result) {
                case ClassificationResult.Success s -> {
                    assertEquals(FaceFields.OK, row.getAs("status"));
                    assertSamePrediction(s.prediction(), row, result.source());
                    compared++;
                }
                case ClassificationResult.Failure f -> {
                    assertEquals(FaceFields.ERROR, row.getAs("status"));
                    assertTrue(f.error().endsWith(": " + row.getAs("error")), f.error() + " vs " + row.getAs("error"));
                }
                case ClassificationResult.Face f -> throw new AssertionError("classifying crops gave a detected face: " + f);
                case ClassificationResult.NoFace n -> throw new AssertionError("classifying crops gave no_face: " + n);
            }
        }
        assertEquals(TestSpark.GOOD_IMAGES.size(), compared);
    }

    /**
     * Detection, the default: photos with faces (the five-face group photo, stored upright and
     * stored sideways with EXIF orientation 6, and the astronaut), photos without (a cat, generated
     * pixels) and a broken file. Every row equals {@code FaceAttributes.analyze}, what
     * {@code classify --faces detect} runs, on the same files: the same faces in the same order,
     * boxes, scores, landmarks and predictions.
     */
    @Test
    void detectionGivesARowPerFaceAndNoFaceRowsAsAnalyzeDoes() throws Exception {
        Path photos = Files.createDirectories(work.resolve("photos"));
        for (String name : List.of("group.png", "group_exif6.png")) Files.copy(TestSpark.resource("faces/" + name), photos.resolve(name));
        for (String name : List.of("astronaut.png", "chelsea.png", "synthetic_70x50.png")) {
            Files.copy(TestSpark.resource("images/" + name), photos.resolve(name));
        }
        Files.writeString(photos.resolve("notes.jpg"), "these are not pixels\n");
        List<Row> rows = audit(InputTable.files(spark, photos.toString(), InputTable.IMAGE_GLOB), TestSpark.spec("java", 4),
                FaceMode.DETECT, Optional.of(2));

        Map<String, List<Row>> byFile = new TreeMap<>();
        for (Row r : rows) byFile.computeIfAbsent(fileName(r.getString(0)), k -> new ArrayList<>()).add(r);
        for (List<Row> faces : byFile.values()) faces.sort(Comparator.comparing(r -> r.<Integer>getAs("face")));
        FaceAttributes.Options options = FaceAttributes.Options.defaults()
                .withEngine(new EngineOptions(BackendKind.JAVA, Precision.FP32, 1)).withBatchSize(4);
        Map<String, List<ClassificationResult>> analyzed = new TreeMap<>();
        try (FaceAttributes model = FaceAttributes.load(TestSpark.model(), options)) {
            List<Path> files;
            try (Stream<Path> list = Files.list(photos)) {
                files = list.sorted().toList();
            }
            model.analyze(files, r -> analyzed.computeIfAbsent(Path.of(r.source()).getFileName().toString(),
                    k -> new ArrayList<>()).add(r));
        }
        assertEquals(analyzed.keySet(), byFile.keySet());
        assertEquals(5, byFile.get("group.png").size());
        assertEquals(5, byFile.get("group_exif6.png").size(), "the sideways photo is searched upright");
        for (String name : List.of("chelsea.png", "synthetic_70x50.png")) {
            Row r = byFile.get(name).getFirst();
            assertEquals(List.of(FaceFields.NO_FACE), byFile.get(name).stream().map(x -> x.<String>getAs("status")).toList(), name);
            assertNull(r.getAs("face"));
            assertNull(r.getAs("age"));
            assertNull(r.getAs("error"));
        }
        for (Map.Entry<String, List<ClassificationResult>> e : analyzed.entrySet()) {
            List<Row> got = byFile.get(e.getKey());
            assertEquals(e.getValue().size(), got.size(), e.getKey());
            for (int i = 0; i < got.size(); i++) {
                Row row = got.get(i);
                switch (e.getValue().get(i)) {
                    case ClassificationResult.Face f -> {
                        assertEquals(FaceFields.OK, row.getAs("status"));
                        assertEquals(f.face(), (int) row.getAs("face"));
                        assertEquals(f.analyzed().score(), (double) row.getAs("score"), 0.0, e.getKey());
                        Row box = row.getAs("box");
                        assertEquals(List.of(f.analyzed().box().x(), f.analyzed().box().y(), f.analyzed().box().width(),
                                f.analyzed().box().height()), List.of(box.getDouble(0), box.getDouble(1), box.getDouble(2),
                                box.getDouble(3)), e.getKey());
                        Row landmarks = row.getAs("landmarks");
                        FaceLandmarks l = f.analyzed().landmarks();
                        List<Point> points = List.of(l.rightEye(), l.leftEye(), l.noseTip(), l.mouth(),
                                l.rightEar(), l.leftEar());
                        for (int k = 0; k < points.size(); k++) {
                            Row point = landmarks.getStruct(k);
                            assertEquals(List.of(points.get(k).x(), points.get(k).y()), List.of(point.getDouble(0), point.getDouble(1)),
                                    e.getKey() + " landmark " + k);
                        }
                        assertSamePrediction(f.analyzed().prediction(), row, e.getKey() + " face " + f.face());
                    }
                    case ClassificationResult.NoFace n -> assertEquals(FaceFields.NO_FACE, row.getAs("status"), e.getKey());
                    case ClassificationResult.Failure f -> {
                        assertEquals(FaceFields.ERROR, row.getAs("status"), e.getKey());
                        assertTrue(f.error().endsWith(": " + row.getAs("error")), f.error() + " vs " + row.getAs("error"));
                    }
                    case ClassificationResult.Success s -> throw new AssertionError("analyze gave a crop's result: " + s);
                }
            }
        }
        Row upright = byFile.get("group.png").getFirst();
        Row sideways = byFile.get("group_exif6.png").getFirst();
        assertEquals(upright.<Row>getAs("box"), sideways.<Row>getAs("box"), "the same pixels once oriented");
        assertTrue(byFile.get("astronaut.png").size() >= 1, "the astronaut's face");
    }

    private static void assertSamePrediction(FacePrediction expected, Row row, String source) {
        for (Task task : Task.values()) {
            TaskPrediction p = expected.get(task);
            Row head = row.getAs(task.key());
            assertEquals(p.label(), head.getString(0), source + " " + task.key());
            assertEquals(p.probability(), head.getDouble(1), 0.0, source + " " + task.key());
            assertEquals(new TreeMap<>(p.probabilities()), new TreeMap<>(head.<String, Double>getJavaMap(2)),
                    source + " " + task.key() + " distribution");
        }
    }

    @Test
    void oneAndFourPartitionsGiveTheSameRows() {
        ModelSpec spec = TestSpark.spec("java", 2);
        List<Row> one = audit(files(), spec, Optional.of(1));
        List<Row> four = audit(files(), spec, Optional.of(4));
        Comparator<Row> byPath = Comparator.comparing(r -> r.getString(0));
        assertEquals(sorted(one, byPath), sorted(four, byPath));
        assertEquals(TestSpark.GOOD_IMAGES.size() + TestSpark.BROKEN_IMAGES.size(), one.size());
    }

    private static List<Row> sorted(List<Row> rows, Comparator<Row> order) {
        List<Row> copy = new ArrayList<>(rows);
        copy.sort(order);
        return copy;
    }

    @Test
    void theEngineLoadsOncePerJvmAcrossPartitionsAndJobs() {
        ModelSpec spec = TestSpark.spec("cpu", 3); // a batch no other test uses: a key of its own
        assertEquals(0, EngineHolder.loadCount(spec.engineKey(1)));
        audit(files(), spec, Optional.of(4));
        audit(files(), spec, Optional.of(3));
        assertEquals(1, EngineHolder.loadCount(spec.engineKey(1)), "local[2] runs each task with spark.task.cpus = 1 thread");
    }

    @Test
    void aModelWithAnotherSha256FailsTheJobNamingBothHashes() {
        String wrong = "0".repeat(64);
        ModelSpec spec = new ModelSpec(new ModelLocation(TestSpark.model().toString()), wrong, "java", "fp32", false, 5);
        Exception e = assertThrows(Exception.class, () -> audit(files(), spec, Optional.of(1)));
        String message = VitfaceSpark.rootMessage(e);
        assertTrue(message.contains("sha256 " + TestSpark.TINY_SHA256) && message.contains("expected " + wrong), message);
    }

    @Test
    void aMissingModelIsNamedBeforeAnyTaskRuns() {
        AuditOptions options = AuditOptions.parse(List.of("--model", work.resolve("no-model").toString(),
                "--input", images.toString(), "--output", work.resolve("never").toString()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuditJob.modelSpec(spark, options));
        assertTrue(e.getMessage().startsWith("no model at " + work.resolve("no-model")) && e.getMessage().contains("--model-sha256"),
                e.getMessage());
    }

    @Test
    void aParquetTableWithPathAndBinaryColumnsGivesTheSameRowsAsTheFiles() {
        Path table = work.resolve("table.parquet");
        Dataset<Row> unusual = spark.sql("SELECT 'no-bytes' AS id, CAST(NULL AS BINARY) AS bytes, 'x' AS other"
                + " UNION ALL SELECT 'zero-bytes', X'', 'y'");
        files().select(col("path").as("id"), col("content").as("bytes"), col("path").as("other")).union(unusual)
                .write().parquet(table.toString());
        ModelSpec spec = TestSpark.spec("java", 4);
        Map<String, Row> fromTable = byPath(audit(InputTable.parquet(spark, table.toString(), "id", "bytes"), spec,
                Optional.empty()));
        assertEquals("the input row has no image data (null content)", fromTable.remove("no-bytes").getAs("error"));
        assertEquals("empty (0 bytes)", fromTable.remove("zero-bytes").getAs("error"));
        assertEquals(byPath(audit(files(), spec, Optional.empty())), fromTable);

        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> InputTable.parquet(spark, table.toString(), "id", "other"));
        assertTrue(wrongType.getMessage().contains("column 'other' (--content-col) is string, expected binary"),
                wrongType.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> InputTable.parquet(spark, table.toString(), "file", "bytes"));
        assertTrue(missing.getMessage().contains("no column 'file' (--path-col)"), missing.getMessage());
    }

    @Test
    void theCommandShipsTheModelAndWritesFlatCsvAndASummary() throws Exception {
        Path output = work.resolve("audit-csv");
        Path summary = work.resolve("summary-csv");
        AuditOptions options = AuditOptions.parse(List.of("--model", TestSpark.model().toString(), "--ship-model",
                "--input", images.toString(), "--output", output.toString(), "--format", "csv",
                "--summary", summary.toString(), "--backend", "java", "--batch", "6", "--faces", "crop"));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        AuditJob.run(spark, options, new PrintStream(console, true, StandardCharsets.UTF_8));
        String printed = console.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("perceived") && printed.contains(TestSpark.TINY_SHA256), printed);

        StringBuilder written = new StringBuilder();
        try (Stream<Path> parts = Files.list(output)) {
            for (Path part : parts.filter(p -> p.toString().endsWith(".csv")).toList()) written.append(Files.readString(part));
        }
        assertTrue(written.toString().contains(",\"{\"\"Female\"\":"), "RFC 4180 quoting: " + written);
        Dataset<Row> csv = spark.read().option("header", "true").option("escape", "\"").csv(output.toString());
        assertEquals(List.of("path", "face", "status", "error", "box_x", "box_y", "box_width", "box_height", "score",
                "landmarks_right_eye_x", "landmarks_right_eye_y", "landmarks_left_eye_x", "landmarks_left_eye_y",
                "landmarks_nose_tip_x", "landmarks_nose_tip_y", "landmarks_mouth_x", "landmarks_mouth_y",
                "landmarks_right_ear_x", "landmarks_right_ear_y", "landmarks_left_ear_x", "landmarks_left_ear_y",
                "age", "age_probability", "age_probabilities", "gender", "gender_probability", "gender_probabilities",
                "race", "race_probability", "race_probabilities", "model_sha256"), List.of(csv.columns()));
        assertEquals(TestSpark.GOOD_IMAGES.size(), csv.filter(col("status").equalTo(FaceFields.OK)).count());
        assertEquals(TestSpark.BROKEN_IMAGES.size(), csv.filter(col("status").equalTo(FaceFields.ERROR)).count());
        String distribution = csv.filter(col("status").equalTo(FaceFields.OK)).first().getAs("gender_probabilities");
        assertTrue(distribution.startsWith("{\"Female\":") && distribution.contains(",\"Male\":"), distribution);

        Map<String, Row> lines = new TreeMap<>();
        for (Row r : spark.read().option("header", "true").option("escape", "\"").option("inferSchema", "true")
                .csv(summary.toString()).collectAsList()) {
            lines.put(r.getAs("attribute") + "/" + r.getAs("label"), r);
        }
        Row ok = lines.get("image_status/ok");
        assertEquals(List.of(TestSpark.GOOD_IMAGES.size(), TestSpark.GOOD_IMAGES.size() + TestSpark.BROKEN_IMAGES.size()),
                List.of(((Number) ok.getAs("count")).intValue(), ((Number) ok.getAs("total")).intValue()));
        assertEquals(((Number) lines.get("image_status/error").getAs("count")).intValue(), TestSpark.BROKEN_IMAGES.size());

        Exception exists = assertThrows(Exception.class, () -> AuditJob.run(spark, options, new PrintStream(OutputStream.nullOutputStream())));
        assertTrue(VitfaceSpark.rootMessage(exists).contains("already exists"), VitfaceSpark.rootMessage(exists));
    }
}
