package dev.vitface.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.classify.FacePrediction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DynamicBatcherTest {

    private static List<float[]> faces(int... widths) {
        List<float[]> faces = new ArrayList<>();
        for (int w : widths) faces.add(new float[] {w, 1});
        return faces;
    }

    private static String label(CompletableFuture<FacePrediction> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS).age().label();
    }

    @Test
    void facesQueuedWhileTheModelIsBusyGoInOnePassOfAtMostMaxBatch() throws Exception {
        BlockingModel model = new BlockingModel(true);
        List<Integer> observed = new ArrayList<>();
        try (DynamicBatcher batcher = new DynamicBatcher(model, 3, Duration.ZERO, 16, observed::add)) {
            CompletableFuture<FacePrediction> first = batcher.submit(faces(1)).getFirst();
            assertTrue(model.entered.await(10, TimeUnit.SECONDS));
            List<CompletableFuture<FacePrediction>> waiting = new ArrayList<>();
            waiting.addAll(batcher.submit(faces(2, 3)));
            waiting.addAll(batcher.submit(faces(4, 5)));
            assertEquals(4, batcher.queueDepth());
            model.release();
            assertEquals("w1", label(first));
            for (int i = 0; i < waiting.size(); i++) assertEquals("w" + (i + 2), label(waiting.get(i)), "answers in order");
            assertEquals(List.of(1, 3, 1), model.batchSizes, "up to max batch, the rest after");
            assertEquals(1, model.maxRunning.get(), "one forward pass at a time");
        }
        assertEquals(List.of(1, 3, 1), observed);
    }

    @Test
    void anIdleModelWaitsAtMostMaxDelayForCompany() throws Exception {
        BlockingModel model = new BlockingModel(false);
        try (DynamicBatcher batcher = new DynamicBatcher(model, 8, Duration.ofMillis(300), 16, size -> {})) {
            CompletableFuture<FacePrediction> a = batcher.submit(faces(1)).getFirst();
            Thread.sleep(50);
            CompletableFuture<FacePrediction> b = batcher.submit(faces(2)).getFirst();
            assertEquals("w1", label(a));
            assertEquals("w2", label(b));
            assertEquals(List.of(2), model.batchSizes, "the second face joined the first within the delay");

            long start = System.nanoTime();
            assertEquals("w3", label(batcher.submit(faces(3)).getFirst()));
            double waited = (System.nanoTime() - start) * 1e-9;
            assertTrue(waited >= 0.29 && waited < 5, "a lone face waits the delay, then runs alone: " + waited + " s");
        }
    }

    @Test
    void aRequestThatDoesNotFitIsRefusedWhole() throws Exception {
        BlockingModel model = new BlockingModel(true);
        try (DynamicBatcher batcher = new DynamicBatcher(model, 1, Duration.ZERO, 2, size -> {})) {
            batcher.submit(faces(1));
            assertTrue(model.entered.await(10, TimeUnit.SECONDS));
            batcher.submit(faces(2));
            ApiException full = assertThrows(ApiException.class, () -> batcher.submit(faces(3, 4)));
            assertEquals(503, full.status());
            assertEquals(1, full.retryAfterSeconds());
            assertEquals(1, batcher.queueDepth(), "nothing of the refused request was queued");
            model.release();
        }
    }

    @Test
    void aFailingForwardPassFailsItsFacesAndTheBatcherGoesOn() throws Exception {
        FaceModel flaky = new FaceModel() {
            private int calls;

            @Override
            public float[] prepare(dev.vitface.preprocess.RgbImage chip) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<FacePrediction> classify(List<float[]> faces) {
                if (calls++ == 0) throw new IllegalStateException("boom");
                return faces.stream().map(f -> BlockingModel.prediction(f[0])).toList();
            }

            @Override
            public ModelInfo info() {
                throw new UnsupportedOperationException();
            }
        };
        try (DynamicBatcher batcher = new DynamicBatcher(flaky, 4, Duration.ZERO, 8, size -> {})) {
            CompletableFuture<FacePrediction> failed = batcher.submit(faces(1)).getFirst();
            Exception e = assertThrows(Exception.class, () -> failed.get(10, TimeUnit.SECONDS));
            assertEquals("boom", e.getCause().getMessage());
            assertEquals("w2", label(batcher.submit(faces(2)).getFirst()));
        }
    }

    @Test
    void closingFinishesWhatIsQueuedAndRefusesMore() throws Exception {
        BlockingModel model = new BlockingModel(true);
        DynamicBatcher batcher = new DynamicBatcher(model, 1, Duration.ZERO, 8, size -> {});
        CompletableFuture<FacePrediction> running = batcher.submit(faces(1)).getFirst();
        assertTrue(model.entered.await(10, TimeUnit.SECONDS));
        CompletableFuture<FacePrediction> queued = batcher.submit(faces(2)).getFirst();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> batcher.close(Duration.ofSeconds(10)));
        for (int i = 0; i < 200; i++) {
            try {
                batcher.submit(faces(9));
                Thread.sleep(10);
            } catch (ApiException refused) {
                assertEquals("the server is shutting down", refused.getMessage());
                break;
            }
        }
        model.release();
        closing.get(10, TimeUnit.SECONDS);
        assertEquals("w1", label(running));
        assertEquals("w2", label(queued));
    }
}
