package dev.vitface.serve;

import dev.vitface.classify.FacePrediction;
import dev.vitface.classify.TaskPrediction;
import dev.vitface.preprocess.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in model for the batching and lifecycle tests: each forward pass announces itself and
 * waits for {@link #release()} (bounded), and it records batch sizes and overlapping calls.
 */
final class BlockingModel implements FaceModel {
    final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    final List<Integer> batchSizes = java.util.Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    private final boolean blocks;

    BlockingModel(boolean blocks) {
        this.blocks = blocks;
    }

    void release() {
        release.countDown();
    }

    @Override
    public float[] prepare(RgbImage chip) {
        return new float[] {chip.width(), chip.height()};
    }

    @Override
    public List<FacePrediction> classify(List<float[]> faces) {
        maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            batchSizes.add(faces.size());
            entered.countDown();
            if (blocks && !release.await(20, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
            List<FacePrediction> out = new ArrayList<>();
            for (float[] f : faces) out.add(prediction(f[0]));
            return out;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        } finally {
            running.decrementAndGet();
        }
    }

    /** A prediction that encodes the face's width, so answers can be told apart. */
    static FacePrediction prediction(double width) {
        TaskPrediction p = new TaskPrediction("w" + (int) width, 1.0, Map.of("w" + (int) width, 1.0));
        return new FacePrediction(p, p, p);
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo("stub", "0".repeat(64), "java", "fp32");
    }
}
