package dev.vitface.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.vitface.FaceAttributes;
import dev.vitface.Fixtures;
import dev.vitface.classify.FacePrediction;
import dev.vitface.engine.BackendKind;
import dev.vitface.engine.EngineOptions;
import dev.vitface.engine.Workload;
import dev.vitface.model.Task;
import dev.vitface.preprocess.ImageDecoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What the batcher may promise: a face's answer alone against the same face at every slot of
 * batches of 2 to 4 (its neighbours random pixels).
 *
 * <p>The java reference and oneDNN (serve's default on the CPU) are bit-identical, so the server's
 * answers are too: oneDNN's result for a row does not depend on the rows beside it
 * (OneDnnLinearTest.aRowsOutputDoesNotDependOnTheRowsBesideIt), and the forward pass runs its single-row products one row per call.
 * OpenBLAS is not: its result for one row or column of a product depends on where that row sits
 * in the call (its kernels treat edge rows and columns differently), so the same face gets
 * answers that differ in the last bits by slot and batch size; this test bounds the difference.
 */
class BatchInvarianceTest {

    private static List<float[]> facesAndNoise(FaceAttributes model) throws IOException {
        float[] face = model.pixelValues(ImageDecoder.defaults().decode(Fixtures.path("tiny/astronaut.png")));
        List<float[]> faces = new ArrayList<>();
        faces.add(face);
        Random random = new Random(15);
        for (int i = 0; i < 3; i++) {
            float[] noise = new float[face.length];
            for (int k = 0; k < noise.length; k++) noise[k] = (float) random.nextGaussian();
            faces.add(noise);
        }
        return faces;
    }

    /** The largest probability difference between the face alone and the face at each slot of each batch. */
    private static double largestDifference(String backend, boolean requireIdentical) throws IOException {
        return largestDifference(FaceAttributes.Options.defaults().withBackend(backend), requireIdentical);
    }

    private static double largestDifference(FaceAttributes.Options options, boolean requireIdentical) throws IOException {
        try (FaceAttributes model = FaceAttributes.load(Fixtures.tinyModel(), options.withBatchSize(4))) {
            String backend = model.backendName();
            List<float[]> faces = facesAndNoise(model);
            FacePrediction alone = model.classifyPixelValues(List.of(faces.getFirst())).getFirst();
            double largest = 0;
            for (int batch = 2; batch <= 4; batch++) {
                for (int slot = 0; slot < batch; slot++) {
                    List<float[]> input = new ArrayList<>(faces.subList(1, batch));
                    input.add(slot, faces.getFirst());
                    FacePrediction batched = model.classifyPixelValues(input).get(slot);
                    if (requireIdentical) assertEquals(alone, batched, backend + ": batch " + batch + ", slot " + slot);
                    for (Task t : Task.values()) {
                        assertEquals(alone.get(t).label(), batched.get(t).label());
                        for (String label : alone.get(t).probabilities().keySet()) {
                            largest = Math.max(largest, Math.abs(alone.get(t).probabilities().get(label)
                                    - batched.get(t).probabilities().get(label)));
                        }
                    }
                }
            }
            return largest;
        }
    }

    @Test
    void theJavaReferenceGivesAFaceTheSameBitsAloneAndAtEverySlot() throws IOException {
        assertEquals(0.0, largestDifference("java", true));
    }

    @Test
    void oneDnnGivesAFaceTheSameBitsAloneAndAtEverySlot() throws IOException {
        assertEquals(0.0, largestDifference("onednn", true));
    }

    @Test
    void serveDefaultOnTheCpuIsOneDnnAndBitIdentical() throws IOException {
        FaceAttributes.Options serveDefault = FaceAttributes.Options.defaults()
                .withEngine(EngineOptions.defaults().withBackend(BackendKind.AUTO).withWorkload(Workload.SERVING));
        try (FaceAttributes model = FaceAttributes.load(Fixtures.tinyModel(), serveDefault)) {
            assumeFalse(model.backendName().equals("cuda"), "a GPU runs here; this checks the CPU default");
            assertEquals("onednn", model.backendName());
        }
        assertEquals(0.0, largestDifference(serveDefault, true));
    }

    @Test
    void openBlasMovesOnlyTheLastBits() throws IOException {
        double largest = largestDifference("cpu", false);
        assertTrue(largest < 1e-6, "batched and alone differ by " + largest);
    }
}
