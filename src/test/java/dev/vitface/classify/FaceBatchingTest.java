package dev.vitface.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.vitface.faces.DetectedFace;
import dev.vitface.faces.FaceBox;
import dev.vitface.faces.FaceLandmarks;
import dev.vitface.faces.Point;
import dev.vitface.forward.ForwardOutput;
import dev.vitface.model.Labels;
import dev.vitface.model.Task;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link BatchClassifier#runFaces}: batches are filled with faces across photos; results keep input and face order. */
class FaceBatchingTest {
    private static final Labels LABELS = Labels.fairFace();

    /** A photo whose faces are numbered: face k's one-pixel input holds {@code id + k}. */
    private record Photo(String name, int id, int count, boolean broken) implements PhotoSource {
        @Override
        public List<PreparedFace> faces() throws IOException {
            if (broken) throw new IOException(name + ": not an image file");
            List<PreparedFace> list = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                Point p = new Point(k, k);
                list.add(new PreparedFace(new DetectedFace(new FaceBox(k, 0, 1, 1), 0.9, new FaceLandmarks(p, p, p, p, p, p)),
                        new float[] {id + k}));
            }
            return list;
        }
    }

    /** A model whose first age logit is the input's value / 100 (the others 0), so each prediction says which face it was. */
    private static BatchClassifier.Model echo(List<Integer> batches) {
        return (pixels, batch) -> {
            batches.add(batch);
            Map<Task, float[]> logits = new EnumMap<>(Task.class);
            for (Task t : Task.values()) {
                int n = LABELS.of(t).size();
                float[] l = new float[batch * n];
                for (int i = 0; i < batch; i++) l[i * n] = pixels[i] / 100;
                logits.put(t, l);
            }
            return new ForwardOutput(batch, new float[0], logits, List.of());
        };
    }

    @Test
    void facesOfSeveralPhotosFillEachBatchAndComeBackInOrder() {
        List<Integer> batches = new ArrayList<>();
        List<Photo> photos = List.of(new Photo("a", 100, 3, false), new Photo("b", 200, 0, false), new Photo("c", 300, 2, false),
                new Photo("d", 0, 0, true), new Photo("e", 400, 4, false));
        List<ClassificationResult> results = new ArrayList<>();
        new BatchClassifier(echo(batches), LABELS, 4, 2).runFaces(photos, results::add);
        assertEquals(List.of(4, 4, 1), batches, "9 faces in batches of 4, whatever photo they come from");
        List<String> seen = new ArrayList<>();
        for (ClassificationResult r : results) {
            seen.add(switch (r) {
                case ClassificationResult.Face f -> f.source() + f.face() + "=" + inputOf(f.analyzed().prediction());
                case ClassificationResult.NoFace n -> n.source() + " none";
                case ClassificationResult.Failure e -> e.source() + " error";
                case ClassificationResult.Success s -> "unexpected";
            });
        }
        assertEquals(List.of("a0=100", "a1=101", "a2=102", "b none", "c0=300", "c1=301", "d error",
                "e0=400", "e1=401", "e2=402", "e3=403"), seen);
        ClassificationResult.Face last = assertInstanceOf(ClassificationResult.Face.class, results.getLast());
        assertEquals(3.0, last.analyzed().box().x(), "the detection travels with its face");
    }

    /** The echo model's input back from the first age probability p: logit = ln(8p / (1 - p)) against 8 zeros. */
    private static long inputOf(FacePrediction p) {
        double p0 = p.age().probabilities().values().iterator().next();
        return Math.round(100 * Math.log(8 * p0 / (1 - p0)));
    }
}
