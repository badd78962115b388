package dev.vitface;

import dev.vitface.classify.BatchClassifier;
import dev.vitface.classify.ClassificationResult;
import dev.vitface.classify.FacePrediction;
import dev.vitface.classify.ImageSource;
import dev.vitface.engine.BackendKind;
import dev.vitface.engine.Engine;
import dev.vitface.engine.EngineOptions;
import dev.vitface.forward.ForwardOutput;
import dev.vitface.model.Labels;
import dev.vitface.model.ModelDirectory;
import dev.vitface.model.VisionConfig;
import dev.vitface.preprocess.ClipImageProcessor;
import dev.vitface.preprocess.ImageDecoder;
import dev.vitface.preprocess.InMemoryImages;
import dev.vitface.preprocess.PreprocessorConfigReader;
import dev.vitface.preprocess.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The library entry point: perceived age bin, gender and race group of face crops.
 *
 * <pre>{@code
 * try (FaceAttributes model = FaceAttributes.load(Path.of("weights/clip-face-attribute-classifier"))) {
 *     FacePrediction p = model.classify(Path.of("face.jpg"));
 *     System.out.println(p.age().label() + " " + p.age().probability());
 * }
 * }</pre>
 *
 * <p>Thread-safe: decoding and preprocessing run on the calling threads, the forward pass is
 * serialised (it owns one workspace and already uses every core). Closing releases the mapped
 * weights and native buffers; predictions already returned stay valid.
 *
 * <p>The model estimates how a face is <em>perceived</em>. Its model card forbids surveillance,
 * tracking, decisions about people's rights, and inferring anyone's self-identity.
 */
public final class FaceAttributes implements AutoCloseable {

    /**
     * @param engine        backend ({@link BackendKind}), precision and threads
     * @param batchSize     images per forward pass in list classification
     * @param decodeThreads threads decoding ahead of the forward pass
     * @param decoder       decoding settings (pixel limit, EXIF orientation)
     */
    public record Options(EngineOptions engine, int batchSize, int decodeThreads, ImageDecoder decoder) {
        public static Options defaults() {
            int cores = Runtime.getRuntime().availableProcessors();
            return new Options(EngineOptions.defaults(), 8, Math.max(1, cores / 4), ImageDecoder.defaults());
        }

        public Options withEngine(EngineOptions e) {
            return new Options(e, batchSize, decodeThreads, decoder);
        }

        public Options withBackend(BackendKind backend) {
            return withEngine(engine.withBackend(backend));
        }

        /** As {@code --backend} names it: "auto", "cpu", "cuda" or "java" ({@link BackendKind#parse}). */
        public Options withBackend(String backend) {
            return withBackend(BackendKind.parse(backend));
        }

        public Options withBatchSize(int b) {
            return new Options(engine, b, decodeThreads, decoder);
        }

        public Options withDecoder(ImageDecoder d) {
            return new Options(engine, batchSize, decodeThreads, d);
        }
    }

    private final ModelDirectory model;
    private final Engine forward;
    private final ClipImageProcessor processor;
    private final Options options;
    private final ReentrantLock forwardLock = new ReentrantLock();
    private boolean closed;

    private FaceAttributes(ModelDirectory model, Engine forward, ClipImageProcessor processor, Options options) {
        this.model = model;
        this.forward = forward;
        this.processor = processor;
        this.options = options;
    }

    public static FaceAttributes load(Path modelDir) throws IOException {
        return load(modelDir, Options.defaults());
    }

    /** Loads a model directory ({@code config.json}, {@code preprocessor_config.json}, {@code model.safetensors}). */
    public static FaceAttributes load(Path modelDir, Options options) throws IOException {
        Engine.preloadInBackground(options.engine());
        ClipImageProcessor processor = new ClipImageProcessor(PreprocessorConfigReader.read(modelDir));
        ModelDirectory model = ModelDirectory.open(modelDir);
        try {
            int expected = model.config().imageSize();
            if (processor.settings().cropHeight() != expected || processor.settings().cropWidth() != expected) {
                throw new IOException(modelDir.resolve(PreprocessorConfigReader.FILE_NAME) + ": crop "
                        + processor.settings().cropWidth() + "x" + processor.settings().cropHeight()
                        + " does not match the model's image_size " + expected);
            }
            Engine forward = Engine.open(model.config(), model.weights(), options.engine(), options.batchSize());
            return new FaceAttributes(model, forward, processor, options);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    public FacePrediction classify(Path image) throws IOException {
        return predictOne(pixelValues(image));
    }

    /** An in-memory image, read as Pillow would read the same pixels (no colour management). */
    public FacePrediction classify(BufferedImage image) {
        return predictOne(processor.pixelValues(InMemoryImages.toRgb(image)));
    }

    /** Many files in batches; a bad file becomes a {@link ClassificationResult.Failure}, never an exception. */
    public List<ClassificationResult> classify(List<Path> images) {
        List<ClassificationResult> results = new ArrayList<>(images.size());
        classify(images, results::add);
        return results;
    }

    /** Streams results in input order as batches complete (for progress reporting). */
    public void classify(List<Path> images, Consumer<ClassificationResult> sink) {
        List<ImageSource> sources = images.stream().map(this::sourceOf).toList();
        new BatchClassifier(this::forwardLocked, model.labels(), options.batchSize(), options.decodeThreads())
                .run(sources, sink);
    }

    /**
     * Decoded face crops, preprocessed on the calling thread and classified in forward passes of
     * at most the batch size this model was loaded with; predictions in input order.
     */
    public List<FacePrediction> classifyImages(List<RgbImage> faces) {
        return classifyPixelValues(faces.stream().map(this::pixelValues).toList());
    }

    /** The model input of one decoded face crop: {@code [channels, size, size]} after the CLIP preprocessing. */
    public float[] pixelValues(RgbImage face) {
        return processor.pixelValues(face);
    }

    /**
     * Prepared faces ({@link #pixelValues(RgbImage)}) through the model, in forward passes of at
     * most the loaded batch size; predictions in input order. Serialised like every forward pass.
     */
    public List<FacePrediction> classifyPixelValues(List<float[]> faces) {
        List<FacePrediction> predictions = new ArrayList<>(faces.size());
        for (int from = 0; from < faces.size(); from += options.batchSize()) {
            List<float[]> chunk = faces.subList(from, Math.min(faces.size(), from + options.batchSize()));
            int perFace = chunk.getFirst().length;
            float[] pixels = new float[perFace * chunk.size()];
            for (int i = 0; i < chunk.size(); i++) {
                if (chunk.get(i).length != perFace) throw new IllegalArgumentException("faces of different input sizes");
                System.arraycopy(chunk.get(i), 0, pixels, i * perFace, perFace);
            }
            ForwardOutput out = forwardLocked(pixels, chunk.size());
            for (int i = 0; i < chunk.size(); i++) predictions.add(BatchClassifier.predictionOf(out, i, model.labels()));
        }
        return predictions;
    }

    /**
     * The SHA-256 of the loaded {@code model.safetensors} (lower-case hex), hashed from the mapped
     * bytes the model runs on, once; the Hugging Face Hub lists the same value for the file.
     */
    public String weightsSha256() {
        return model.weightsFile().sha256();
    }

    public Labels labels() {
        return model.labels();
    }

    public VisionConfig config() {
        return model.config();
    }

    /** Which backend runs the model, and how (for logs and reports). */
    public String backendDescription() {
        return forward.description();
    }

    /** "cpu", "java" or "cuda". */
    public String backendName() {
        return forward.backendName();
    }

    /** The precision the linear layers run in ("fp32" where the one asked for fell back). */
    public String precisionName() {
        return forward.precision().cliName();
    }

    private ImageSource sourceOf(Path path) {
        return new ImageSource() {
            @Override
            public String name() {
                return path.toString();
            }

            @Override
            public float[] pixelValues() throws IOException {
                return FaceAttributes.this.pixelValues(path);
            }
        };
    }

    private float[] pixelValues(Path image) throws IOException {
        return processor.pixelValues(options.decoder().decode(image));
    }

    private FacePrediction predictOne(float[] pixels) {
        return BatchClassifier.predictionOf(forwardLocked(pixels, 1), 0, model.labels());
    }

    private ForwardOutput forwardLocked(float[] pixels, int batch) {
        forwardLock.lock();
        try {
            if (closed) throw new IllegalStateException("this FaceAttributes model is closed");
            return forward.forward(pixels, batch, false);
        } finally {
            forwardLock.unlock();
        }
    }

    @Override
    public void close() {
        forwardLock.lock();
        try {
            if (closed) return;
            closed = true;
            forward.close();
            model.close();
        } finally {
            forwardLock.unlock();
        }
    }
}
