package dev.vitface.classify;

import dev.vitface.forward.ForwardOutput;
import dev.vitface.model.Labels;
import dev.vitface.model.Task;
import dev.vitface.util.FailureText;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Classifies many inputs: decoding and preprocessing run ahead on their own threads (at most
 * {@code lookahead} inputs in flight: a bounded queue, so memory does not grow with the input
 * count) while the calling thread runs full batches through the model. Results come out in
 * input order. A bad input becomes a {@link ClassificationResult.Failure} and the run goes on.
 * An {@link Error} (an {@link OutOfMemoryError} above all) is not a bad input: it stops the run
 * and reaches the caller as itself. Images too large to decode are refused before allocation by
 * the decoder's pixel limit, not caught here as an OutOfMemoryError.
 */
public final class BatchClassifier {

    /** Runs one batch through the model: pixel values of {@code batch} images, concatenated. */
    @FunctionalInterface
    public interface Model {
        ForwardOutput forward(float[] pixelValues, int batch);
    }

    private final Model model;
    private final Labels labels;
    private final int batchSize;
    private final int decodeThreads;

    public BatchClassifier(Model model, Labels labels, int batchSize, int decodeThreads) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1");
        if (decodeThreads < 1) throw new IllegalArgumentException("decode threads must be >= 1");
        this.model = model;
        this.labels = labels;
        this.batchSize = batchSize;
        this.decodeThreads = decodeThreads;
    }

    /** Classifies every source, handing each result to {@code sink} in input order. */
    public void run(List<? extends ImageSource> sources, Consumer<ClassificationResult> sink) {
        int lookahead = 2 * batchSize + decodeThreads;
        ExecutorService decoders = Executors.newFixedThreadPool(decodeThreads, r -> {
            Thread t = new Thread(r, "vitface-decode");
            t.setDaemon(true);
            return t;
        });
        try {
            Deque<Future<Object>> inFlight = new ArrayDeque<>();
            List<Object> pending = new ArrayList<>(); // PreparedImage or Failure, in input order
            int ready = 0;
            int next = 0;
            while (next < sources.size() || !inFlight.isEmpty()) {
                while (next < sources.size() && inFlight.size() < lookahead) {
                    ImageSource source = sources.get(next++);
                    inFlight.add(decoders.submit(() -> prepare(source)));
                }
                Object item = await(inFlight.removeFirst());
                pending.add(item);
                if (item instanceof PreparedImage) ready++;
                if (ready == batchSize) {
                    flush(pending, ready, sink);
                    ready = 0;
                }
            }
            flush(pending, ready, sink);
        } finally {
            decoders.shutdownNow();
        }
    }

    private static Object prepare(ImageSource source) {
        try {
            return new PreparedImage(source.name(), source.pixelValues());
        } catch (Exception e) {
            String message = FailureText.of(e);
            return new ClassificationResult.Failure(source.name(), message);
        }
    }

    private static Object await(Future<Object> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while decoding", e);
        } catch (ExecutionException e) {
            // prepare() turns every Exception into a Failure: what arrives here is an Error.
            if (e.getCause() instanceof Error error) throw error;
            throw new IllegalStateException("decoder failed unexpectedly", e.getCause());
        }
    }

    /** Runs the prepared images of {@code pending} as one batch, then emits everything in order. */
    private void flush(List<Object> pending, int ready, Consumer<ClassificationResult> sink) {
        if (pending.isEmpty()) return;
        List<FacePrediction> predictions = ready == 0 ? List.of() : predict(pending, ready);
        int k = 0;
        for (Object item : pending) {
            if (item instanceof PreparedImage image) {
                sink.accept(new ClassificationResult.Success(image.source(), predictions.get(k++)));
            } else {
                sink.accept((ClassificationResult) item);
            }
        }
        pending.clear();
    }

    private List<FacePrediction> predict(List<Object> pending, int ready) {
        int perImage = -1;
        float[] pixels = null;
        int k = 0;
        for (Object item : pending) {
            if (!(item instanceof PreparedImage image)) continue;
            if (pixels == null) {
                perImage = image.pixelValues().length;
                pixels = new float[perImage * ready];
            }
            System.arraycopy(image.pixelValues(), 0, pixels, perImage * k++, perImage);
        }
        ForwardOutput out = model.forward(pixels, ready);
        List<FacePrediction> predictions = new ArrayList<>(ready);
        for (int i = 0; i < ready; i++) predictions.add(predictionOf(out, i, labels));
        return predictions;
    }

    /** Softmax of image {@code i}'s logits for each head. */
    public static FacePrediction predictionOf(ForwardOutput out, int i, Labels labels) {
        TaskPrediction[] heads = new TaskPrediction[Task.values().length];
        for (Task t : Task.values()) {
            List<String> names = labels.of(t);
            heads[t.ordinal()] = TaskPrediction.fromLogits(out.logits().get(t), i * names.size(), names);
        }
        return new FacePrediction(heads[0], heads[1], heads[2]);
    }
}
