package dev.vitface.classify;

import dev.vitface.faces.DetectedFace;
import dev.vitface.forward.ForwardOutput;
import dev.vitface.model.Labels;
import dev.vitface.model.Task;
import dev.vitface.util.FailureText;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Classifies many inputs: decoding, face detection and preprocessing run ahead on their own
 * threads (at most {@code lookahead} inputs in flight: a bounded queue, so memory does not grow
 * with the input count) while the calling thread runs full batches through the model. A batch
 * holds faces, not inputs: a photo with five faces contributes five entries, and faces from
 * several photos share a batch. Results come out in input order, a photo's faces in the
 * detector's order. A bad input becomes a {@link ClassificationResult.Failure} and the run goes on.
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

    /** Classifies every source as one face crop, handing each result to {@code sink} in input order. */
    public void run(List<? extends ImageSource> sources, Consumer<ClassificationResult> sink) {
        run(sources.size(), i -> {
            ImageSource source = sources.get(i);
            return () -> prepare(source.name(), () -> new PreparedImage(source.name(), null, List.of(source.pixelValues())));
        }, sink);
    }

    /** Classifies every face the photos' detection finds, in input order, then the detector's. */
    public void runFaces(List<? extends PhotoSource> photos, Consumer<ClassificationResult> sink) {
        run(photos.size(), i -> {
            PhotoSource photo = photos.get(i);
            return () -> prepare(photo.name(), () -> {
                List<PreparedFace> faces = photo.faces();
                return new PreparedImage(photo.name(), faces.stream().map(PreparedFace::detection).toList(),
                        faces.stream().map(PreparedFace::pixelValues).toList());
            });
        }, sink);
    }

    private void run(int count, IntFunction<Callable<Object>> tasks, Consumer<ClassificationResult> sink) {
        int lookahead = 2 * batchSize + decodeThreads;
        ExecutorService decoders = Executors.newFixedThreadPool(decodeThreads, r -> {
            Thread t = new Thread(r, "vitface-decode");
            t.setDaemon(true);
            return t;
        });
        try {
            Deque<Future<Object>> inFlight = new ArrayDeque<>();
            Deque<Object> waiting = new ArrayDeque<>(); // PreparedImage or Failure, in input order
            Deque<float[]> queued = new ArrayDeque<>(); // model inputs of waiting images not yet run
            Deque<FacePrediction> predicted = new ArrayDeque<>(); // predictions of waiting images, in order
            int next = 0;
            while (next < count || !inFlight.isEmpty()) {
                while (next < count && inFlight.size() < lookahead) {
                    inFlight.add(decoders.submit(tasks.apply(next++)));
                }
                Object item = await(inFlight.removeFirst());
                waiting.add(item);
                if (item instanceof PreparedImage image) queued.addAll(image.inputs());
                while (queued.size() >= batchSize) predicted.addAll(predict(queued, batchSize));
                emitCompleted(waiting, predicted, sink);
            }
            while (!queued.isEmpty()) predicted.addAll(predict(queued, Math.min(batchSize, queued.size())));
            emitCompleted(waiting, predicted, sink);
        } finally {
            decoders.shutdownNow();
        }
    }

    /**
     * An input after decoding and preprocessing: its model inputs, and the detections they were
     * cut from ({@code null} when the whole input is one face crop).
     */
    private record PreparedImage(String source, List<DetectedFace> detections, List<float[]> inputs) {}

    private interface Preparation {
        PreparedImage run() throws Exception;
    }

    private static Object prepare(String name, Preparation preparation) {
        try {
            return preparation.run();
        } catch (Exception e) {
            return new ClassificationResult.Failure(name, FailureText.of(e));
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

    /** Emits, in order, every waiting input whose predictions are all in. */
    private static void emitCompleted(Deque<Object> waiting, Deque<FacePrediction> predicted, Consumer<ClassificationResult> sink) {
        while (!waiting.isEmpty()) {
            Object head = waiting.peekFirst();
            if (head instanceof ClassificationResult.Failure failure) {
                sink.accept(failure);
            } else {
                PreparedImage image = (PreparedImage) head;
                if (predicted.size() < image.inputs().size()) return;
                if (image.detections() == null) {
                    sink.accept(new ClassificationResult.Success(image.source(), predicted.removeFirst()));
                } else if (image.detections().isEmpty()) {
                    sink.accept(new ClassificationResult.NoFace(image.source()));
                } else {
                    for (int f = 0; f < image.detections().size(); f++) {
                        sink.accept(new ClassificationResult.Face(image.source(), f,
                                AnalyzedFace.of(image.detections().get(f), predicted.removeFirst())));
                    }
                }
            }
            waiting.removeFirst();
        }
    }

    /** Runs the first {@code batch} queued inputs through the model, removing them from the queue. */
    private List<FacePrediction> predict(Deque<float[]> queued, int batch) {
        List<float[]> inputs = new ArrayList<>(batch);
        for (int k = 0; k < batch; k++) inputs.add(queued.removeFirst());
        return predictBatch(model, inputs, labels);
    }

    /**
     * One forward pass over {@code inputs} (model inputs of one size, concatenated in order) and
     * their predictions in the same order.
     */
    public static List<FacePrediction> predictBatch(Model model, List<float[]> inputs, Labels labels) {
        int perImage = inputs.getFirst().length;
        float[] pixels = new float[perImage * inputs.size()];
        for (int k = 0; k < inputs.size(); k++) {
            if (inputs.get(k).length != perImage) throw new IllegalArgumentException("faces of different input sizes");
            System.arraycopy(inputs.get(k), 0, pixels, perImage * k, perImage);
        }
        ForwardOutput out = model.forward(pixels, inputs.size());
        List<FacePrediction> predictions = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) predictions.add(predictionOf(out, i, labels));
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
