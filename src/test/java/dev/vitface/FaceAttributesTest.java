package dev.vitface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.classify.ClassificationResult;
import dev.vitface.classify.FacePrediction;
import dev.vitface.classify.TaskPrediction;
import dev.vitface.model.Task;
import dev.vitface.preprocess.ImageDecodeException;
import dev.vitface.verify.GoldenFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library API on the tiny model: image files in, golden probabilities out. */
class FaceAttributesTest {
    private static final List<String> IMAGES = List.of("astronaut.png", "chelsea.png", "synthetic_70x50.png");
    private static FaceAttributes model;
    private static GoldenFile golden;

    @BeforeAll
    static void load() throws IOException {
        model = FaceAttributes.load(Fixtures.tinyModel(), FaceAttributes.Options.defaults().withBatchSize(2));
        golden = GoldenFile.read(Fixtures.path("tiny/golden.safetensors"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** Softmax of the golden float64 logits: what the model must report, end to end from files. */
    private static double[] goldenProbabilities(Task task, int image) {
        double[] logits = golden.outputs().get("logits." + task.key()).values();
        int n = model.labels().of(task).size();
        return TaskPrediction.softmax(java.util.Arrays.copyOfRange(logits, image * n, (image + 1) * n));
    }

    private static void assertMatchesGolden(FacePrediction prediction, int image) {
        for (Task t : Task.values()) {
            TaskPrediction p = prediction.get(t);
            double[] expected = goldenProbabilities(t, image);
            List<Double> actual = new ArrayList<>(p.probabilities().values());
            assertEquals(model.labels().of(t), new ArrayList<>(p.probabilities().keySet()), "label order");
            int best = 0;
            for (int k = 0; k < expected.length; k++) {
                assertEquals(expected[k], actual.get(k), 1e-5, IMAGES.get(image) + " " + t.key() + "[" + k + "]");
                if (expected[k] > expected[best]) best = k;
            }
            assertEquals(model.labels().of(t).get(best), p.label());
            assertEquals(expected[best], p.probability(), 1e-5);
        }
    }

    @Test
    void imageFilesGiveTheGoldenProbabilities() throws IOException {
        for (int i = 0; i < IMAGES.size(); i++) {
            assertMatchesGolden(model.classify(Fixtures.path("tiny/" + IMAGES.get(i))), i);
        }
    }

    @Test
    void weightsSha256IsTheFilesSha256() {
        // sha256sum src/test/resources/fixtures/tiny/model.safetensors
        assertEquals("517888bb5271523e7bc4b7c7083d87654fd0f57e13da60ab7c01dd20676320ed", model.weightsSha256());
    }

    @Test
    void aBufferedImageOfTheSamePixelsGivesTheSamePrediction() throws IOException {
        BufferedImage image = ImageIO.read(Fixtures.path("tiny/chelsea.png").toFile());
        assertMatchesGolden(model.classify(image), 1);
    }

    @Test
    void listsKeepOrderAndTurnBadFilesIntoFailures(@TempDir Path dir) throws IOException {
        Path corrupt = Files.write(dir.resolve("corrupt.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Path missing = dir.resolve("missing.jpg");
        List<Path> inputs = List.of(Fixtures.path("tiny/astronaut.png"), corrupt, Fixtures.path("tiny/chelsea.png"), missing,
                Fixtures.path("tiny/synthetic_70x50.png"));
        List<ClassificationResult> results = model.classify(inputs);
        assertEquals(5, results.size());
        for (int i = 0; i < 5; i++) assertEquals(inputs.get(i).toString(), results.get(i).source());
        assertMatchesGolden(assertInstanceOf(ClassificationResult.Success.class, results.get(0)).prediction(), 0);
        assertMatchesGolden(assertInstanceOf(ClassificationResult.Success.class, results.get(2)).prediction(), 1);
        assertMatchesGolden(assertInstanceOf(ClassificationResult.Success.class, results.get(4)).prediction(), 2);
        assertTrue(assertInstanceOf(ClassificationResult.Failure.class, results.get(1)).error().contains("corrupt.png"));
        assertTrue(assertInstanceOf(ClassificationResult.Failure.class, results.get(3)).error().contains("missing.jpg"));
    }

    @Test
    void aBadSingleFileThrowsTheDecodeError(@TempDir Path dir) throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.png"));
        assertThrows(ImageDecodeException.class, () -> model.classify(empty));
    }

    @Test
    void concurrentCallersGetTheSameAnswers() throws Exception {
        FacePrediction expected = model.classify(Fixtures.path("tiny/astronaut.png"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<FacePrediction>> futures = new ArrayList<>();
            for (int i = 0; i < 16; i++) futures.add(pool.submit(() -> model.classify(Fixtures.path("tiny/astronaut.png"))));
            for (Future<FacePrediction> f : futures) assertEquals(expected, f.get());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aClosedModelRefusesWork() throws IOException {
        FaceAttributes closed = FaceAttributes.load(Fixtures.tinyModel());
        closed.close();
        closed.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> closed.classify(Fixtures.path("tiny/astronaut.png")));
    }
}
