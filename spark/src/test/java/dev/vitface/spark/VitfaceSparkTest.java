package dev.vitface.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The command line, checked before Spark starts: no test here needs a SparkSession. */
class VitfaceSparkTest {
    private record Result(int exit, String out, String err) {}

    private static Result run(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = VitfaceSpark.run(List.of(argv), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String[] audit(String... extra) {
        List<String> argv = new ArrayList<>(List.of("audit", "--model", "m", "--input", "in", "--output", "out"));
        argv.addAll(List.of(extra));
        return argv.toArray(String[]::new);
    }

    @Test
    void detectFailsFastInThisBuildSayingWhy() {
        Result r = run(audit("--faces", "detect"));
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("--faces detect: this build of vitface-spark has no face detection"), r.err());
        assertTrue(r.err().contains("--faces crop"), r.err());
    }

    @Test
    void theDefaultFaceModeIsOneThisBuildRuns() {
        assertEquals(FaceMode.CROP, AuditOptions.parse(List.of(audit()).subList(1, 7)).faceMode());
    }

    @Test
    void usageErrorsExitWithTwoAndNameTheProblem() {
        assertUsageError(run("audit", "--input", "in", "--output", "out"), "--model is required");
        assertUsageError(run(audit("--format", "xml")), "--format must be one of parquet, json, csv");
        assertUsageError(run(audit("--batch", "0")), "--batch must be between 1 and 1024");
        assertUsageError(run(audit("--path-col", "id")), "name the columns of a Parquet input");
        assertUsageError(run(audit("--input-format", "parquet", "--glob", "*.png")), "--glob filters the files");
        assertUsageError(run(audit("--model-sha256", "abc")), "64 lower-case hex digits");
        assertUsageError(run(audit("--threads", "4")), "--threads");
        assertUsageError(run("classify"), "unknown command 'classify'");
        assertEquals(2, run().exit());
    }

    @Test
    void helpSaysPerceivedAndWhatTheModelCardForbids() {
        Result r = run("audit", "--help");
        assertEquals(0, r.exit());
        for (String words : List.of("perceived", "surveillance or tracking", "decisions about people's rights",
                "self-identified", "spark.task.cpus", "Wilson")) {
            assertTrue(r.out().contains(words), words);
        }
        assertTrue(!r.out().contains("null"), r.out());
    }

    @Test
    void localMastersGiveTheirCoreCount() {
        assertEquals(Optional.of(1), VitfaceSpark.localCores("local"));
        assertEquals(Optional.of(3), VitfaceSpark.localCores("local[3]"));
        assertEquals(Optional.of(Runtime.getRuntime().availableProcessors()), VitfaceSpark.localCores("local[*]"));
        assertEquals(Optional.empty(), VitfaceSpark.localCores("spark://host:7077"));
        assertEquals(Optional.empty(), VitfaceSpark.localCores("yarn"));
    }

    @Test
    void theImageGlobTakesEveryImageExtensionInAnyCase() {
        assertTrue(InputTable.IMAGE_GLOB.contains("[jJ][pP][eE][gG]") && InputTable.IMAGE_GLOB.contains("[wW][eE][bB][pP]"),
                InputTable.IMAGE_GLOB);
    }

    private static void assertUsageError(Result r, String message) {
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains(message), "expected '" + message + "' in: " + r.err());
    }
}
