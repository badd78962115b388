package dev.vitface.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.classify.FaceMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
    void theDefaultIsDetectionAndCropStaysAvailable() {
        AuditOptions byDefault = AuditOptions.parse(List.of(audit()).subList(1, 7));
        assertEquals(FaceMode.DETECT, byDefault.faceMode());
        assertSame(FaceSources.forMode(FaceMode.DETECT), byDefault.faces());
        assertTrue(byDefault.faces().appliesExifOrientation(), "detection searches the displayed image, as classify's");
        AuditOptions crop = AuditOptions.parse(List.of(audit("--faces", "crop")).subList(1, 9));
        assertEquals(FaceMode.CROP, crop.faceMode());
        assertFalse(crop.faces().appliesExifOrientation(), "crops follow --exif-transpose");
        assertUsageError(run(audit("--faces", "both")), "--faces must be one of detect, crop");
    }

    @Test
    void theDetectingFaceSourceIsOneSerializableSingleton() throws Exception {
        FaceSource detect = FaceSources.forMode(FaceMode.DETECT);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(detect);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertSame(detect, in.readObject());
        }
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
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a loop must fail the test, not hang it
    void theRootMessageOfAChainWithoutMessagesIsAClassNameEvenWhenTheChainLoops() {
        IllegalStateException a = new IllegalStateException();
        IllegalArgumentException b = new IllegalArgumentException();
        a.initCause(b);
        b.initCause(a);
        assertEquals("IllegalArgumentException", VitfaceSpark.rootMessage(a));
        assertEquals("innermost", VitfaceSpark.rootMessage(new RuntimeException("outer", new IllegalStateException("innermost"))));
        assertEquals("IllegalStateException", VitfaceSpark.rootMessage(new IllegalStateException()));
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
