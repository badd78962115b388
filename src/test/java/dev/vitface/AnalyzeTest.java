package dev.vitface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.classify.AnalyzedFace;
import dev.vitface.classify.ClassificationResult;
import dev.vitface.classify.FacePrediction;
import dev.vitface.classify.TaskPrediction;
import dev.vitface.faces.DetectedFace;
import dev.vitface.faces.align.FaceChips;
import dev.vitface.model.Task;
import dev.vitface.preprocess.ImageDecoder;
import dev.vitface.preprocess.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
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

/** {@link FaceAttributes#analyze} and {@link FaceAttributes#detectFaces} on the demo's group photo and the tiny model. */
class AnalyzeTest {
    private static final int GROUP_FACES = 5;
    private static FaceAttributes model;

    @BeforeAll
    static void load() throws IOException {
        model = FaceAttributes.load(Fixtures.tinyModel(), FaceAttributes.Options.defaults().withBatchSize(2));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static Path group() {
        try {
            return Path.of(AnalyzeTest.class.getResource("/dev/vitface/demo/group.png").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the model says about a face's FairFace chip, classified on its own as a crop. */
    private static FacePrediction chipPrediction(RgbImage photo, DetectedFace face) {
        RgbImage chip = FaceChips.extract(photo, face.landmarks());
        BufferedImage image = new BufferedImage(chip.width(), chip.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < chip.height(); y++) {
            for (int x = 0; x < chip.width(); x++) {
                image.setRGB(x, y, chip.sample(x, y, 0) << 16 | chip.sample(x, y, 1) << 8 | chip.sample(x, y, 2));
            }
        }
        return model.classify(image);
    }

    private static void assertSamePrediction(FacePrediction expected, FacePrediction actual) {
        for (Task t : Task.values()) {
            TaskPrediction e = expected.get(t), a = actual.get(t);
            assertEquals(e.label(), a.label(), t.key());
            for (String label : e.probabilities().keySet()) {
                assertEquals(e.probabilities().get(label), a.probabilities().get(label), 1e-6, t.key() + " " + label);
            }
        }
    }

    @Test
    void aPhotoGivesEveryFaceWithItsDetectionAndThePredictionOfItsChip() throws IOException {
        List<AnalyzedFace> faces = model.analyze(group());
        List<DetectedFace> detected = FaceAttributes.detectFaces(group());
        assertEquals(GROUP_FACES, faces.size());
        assertEquals(detected, faces.stream().map(AnalyzedFace::detection).toList(), "the detector's faces, in its order");
        RgbImage photo = ImageDecoder.defaults().withExifTranspose(true).decode(group());
        for (AnalyzedFace face : faces) {
            assertTrue(face.score() >= 0.7, face.toString());
            assertSamePrediction(chipPrediction(photo, face.detection()), face.prediction());
        }
    }

    @Test
    void aBufferedImageGivesWhatItsFileGives() throws IOException {
        List<AnalyzedFace> fromFile = model.analyze(group());
        List<AnalyzedFace> fromImage = model.analyze(ImageIO.read(group().toFile()));
        assertEquals(fromFile.size(), fromImage.size());
        for (int i = 0; i < fromFile.size(); i++) {
            assertEquals(fromFile.get(i).detection(), fromImage.get(i).detection());
            assertSamePrediction(fromFile.get(i).prediction(), fromImage.get(i).prediction());
        }
        assertEquals(List.of(), FaceAttributes.detectFaces(ImageIO.read(Fixtures.path("tiny/chelsea.png").toFile())));
    }

    @Test
    void aPhotoWithoutAFaceGivesNone() throws IOException {
        assertEquals(List.of(), model.analyze(Fixtures.path("tiny/chelsea.png")));
    }

    @Test
    void listsGiveAFaceRowPerFaceANoFaceRowAndFailuresInOrder(@TempDir Path dir) throws IOException {
        Path corrupt = Files.write(dir.resolve("corrupt.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        List<ClassificationResult> results = new ArrayList<>();
        model.analyze(List.of(Fixtures.path("tiny/chelsea.png"), group(), corrupt, Fixtures.path("tiny/astronaut.png")), results::add);
        List<AnalyzedFace> groupFaces = model.analyze(group());
        List<AnalyzedFace> astronautFaces = model.analyze(Fixtures.path("tiny/astronaut.png"));
        assertEquals(1, astronautFaces.size());
        assertEquals(1 + GROUP_FACES + 1 + 1, results.size(), results.toString());
        assertEquals(new ClassificationResult.NoFace(Fixtures.path("tiny/chelsea.png").toString()), results.get(0));
        for (int i = 0; i < GROUP_FACES; i++) {
            ClassificationResult.Face face = assertInstanceOf(ClassificationResult.Face.class, results.get(1 + i));
            assertEquals(i, face.face());
            assertEquals(groupFaces.get(i).detection(), face.analyzed().detection());
            assertSamePrediction(groupFaces.get(i).prediction(), face.analyzed().prediction());
        }
        assertTrue(assertInstanceOf(ClassificationResult.Failure.class, results.get(1 + GROUP_FACES)).error().contains("corrupt.png"));
        ClassificationResult.Face last = assertInstanceOf(ClassificationResult.Face.class, results.getLast());
        assertSamePrediction(astronautFaces.getFirst().prediction(), last.analyzed().prediction());
    }

    @Test
    void concurrentCallersGetTheSameFaces() throws Exception {
        List<AnalyzedFace> expected = model.analyze(group());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<List<AnalyzedFace>>> futures = new ArrayList<>();
            for (int i = 0; i < 3; i++) futures.add(pool.submit(() -> model.analyze(group())));
            for (Future<List<AnalyzedFace>> f : futures) assertEquals(expected, f.get());
        } finally {
            pool.shutdown();
        }
    }
}
