package dev.vitface;

import dev.vitface.classify.AnalyzedFace;
import dev.vitface.classify.BatchClassifier;
import dev.vitface.classify.ClassificationResult;
import dev.vitface.classify.FaceChip;
import dev.vitface.classify.FaceDetection;
import dev.vitface.classify.FacePrediction;
import dev.vitface.classify.ImageSource;
import dev.vitface.classify.PhotoSource;
import dev.vitface.classify.PreparedFace;
import dev.vitface.engine.BackendKind;
import dev.vitface.engine.Engine;
import dev.vitface.engine.EngineOptions;
import dev.vitface.faces.DetectedFace;
import dev.vitface.faces.align.FaceChips;
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
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The library entry point: perceived age bin, gender and race group of the faces in photos
 * ({@link #analyze}), or of ready face crops ({@link #classify}).
 *
 * <pre>{@code
 * try (FaceAttributes model = FaceAttributes.load(Path.of("weights/clip-face-attribute-classifier"))) {
 *     for (AnalyzedFace face : model.analyze(Path.of("group.jpg"))) {
 *         System.out.println(face.box() + " " + face.prediction().age().label());
 *     }
 *     FacePrediction p = model.classify(Path.of("face_crop.jpg"));   // a FairFace-style crop, as it is
 * }
 * List<DetectedFace> faces = FaceAttributes.detectFaces(Path.of("group.jpg"));   // no model needed
 * }</pre>
 *
 * <p>{@code analyze} finds the faces with {@link Options#detection()} (BlazeFace, docs/FACES.md),
 * cuts each one's FairFace chip (300 × 300, padding 0.25: {@link FaceChips}) and runs the chip
 * through the model's CLIP preprocessing. Photos are decoded with their EXIF orientation applied,
 * so boxes and landmarks are in the displayed image's pixels. {@code classify} takes the whole
 * image as one crop, as FairFace's own crops are.
 *
 * <p>Thread-safe: decoding, detection, alignment and preprocessing run on the calling threads,
 * the forward pass is serialised (it owns one workspace and already uses every core). Closing releases the mapped
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
     * @param decoder       decoding settings (pixel limit, EXIF orientation; {@code analyze} always applies the orientation)
     * @param detection     the face detector and its threshold, for {@code analyze}
     */
    public record Options(EngineOptions engine, int batchSize, int decodeThreads, ImageDecoder decoder, FaceDetection detection) {
        public Options {
            Objects.requireNonNull(detection, "detection");
        }

        /** The options without a detection choice: the default cascade. */
        public Options(EngineOptions engine, int batchSize, int decodeThreads, ImageDecoder decoder) {
            this(engine, batchSize, decodeThreads, decoder, FaceDetection.defaults());
        }

        public static Options defaults() {
            int cores = Runtime.getRuntime().availableProcessors();
            return new Options(EngineOptions.defaults(), 8, Math.max(1, cores / 4), ImageDecoder.defaults());
        }

        public Options withEngine(EngineOptions e) {
            return new Options(e, batchSize, decodeThreads, decoder, detection);
        }

        public Options withBackend(BackendKind backend) {
            return withEngine(engine.withBackend(backend));
        }

        /** As {@code --backend} names it: "auto", "cpu", "cuda" or "java" ({@link BackendKind#parse}). */
        public Options withBackend(String backend) {
            return withBackend(BackendKind.parse(backend));
        }

        public Options withBatchSize(int b) {
            return new Options(engine, b, decodeThreads, decoder, detection);
        }

        public Options withDecoder(ImageDecoder d) {
            return new Options(engine, batchSize, decodeThreads, d, detection);
        }

        public Options withDetection(FaceDetection d) {
            return new Options(engine, batchSize, decodeThreads, decoder, d);
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

    /**
     * The faces in a photo, best detection first, each with its box, landmarks, score and
     * perceived attributes; empty when no face is found. The photo is decoded with its EXIF
     * orientation applied.
     */
    public List<AnalyzedFace> analyze(Path photo) throws IOException {
        return analyzed(preparedFaces(photoDecoder().decode(photo)));
    }

    /** The faces in an in-memory photo (its pixels as they are), as {@link #analyze(Path)}. */
    public List<AnalyzedFace> analyze(BufferedImage photo) {
        return analyzed(preparedFaces(InMemoryImages.toRgb(photo)));
    }

    /**
     * Many photos, their faces in shared batches: one {@link ClassificationResult.Face} per face
     * (input order, then the detector's), {@link ClassificationResult.NoFace} for a photo without
     * one, {@link ClassificationResult.Failure} for a bad file; never an exception for a bad file.
     */
    public void analyze(List<Path> photos, Consumer<ClassificationResult> sink) {
        List<PhotoSource> sources = photos.stream().map(this::photoSourceOf).toList();
        new BatchClassifier(this::forwardLocked, model.labels(), options.batchSize(), options.decodeThreads())
                .runFaces(sources, sink);
    }

    /**
     * The faces in a photo, found by the default detector ({@link FaceDetection#defaults()});
     * no model is loaded. The photo is decoded with its EXIF orientation applied. Thread-safe.
     */
    public static List<DetectedFace> detectFaces(Path photo) throws IOException {
        return FaceDetection.defaults().detect(ImageDecoder.defaults().withExifTranspose(true).decode(photo));
    }

    /** The faces in an in-memory photo, as {@link #detectFaces(Path)}. */
    public static List<DetectedFace> detectFaces(BufferedImage photo) {
        return detectFaces(InMemoryImages.toRgb(photo), FaceDetection.defaults());
    }

    /** The faces in a decoded photo, with the given detector and threshold. */
    public static List<DetectedFace> detectFaces(RgbImage photo, FaceDetection detection) {
        return detection.detect(photo);
    }

    /** Classifies a face crop as it is: the whole image is taken as one face (no detection). */
    public FacePrediction classify(Path image) throws IOException {
        return predictOne(pixelValues(image));
    }

    /** An in-memory image, read as Pillow would read the same pixels (no colour management). */
    public FacePrediction classify(BufferedImage image) {
        return predictOne(processor.pixelValues(InMemoryImages.toRgb(image)));
    }

    /** Many face crops in batches (no detection); a bad file becomes a {@link ClassificationResult.Failure}, never an exception. */
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
            predictions.addAll(BatchClassifier.predictBatch(this::forwardLocked, chunk, model.labels()));
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

    private PhotoSource photoSourceOf(Path path) {
        return new PhotoSource() {
            @Override
            public String name() {
                return path.toString();
            }

            @Override
            public List<PreparedFace> faces() throws IOException {
                return preparedFaces(photoDecoder().decode(path));
            }
        };
    }

    /** Detections are made on the displayed image, so a phone photo stored sideways is searched upright. */
    private ImageDecoder photoDecoder() {
        return options.decoder().withExifTranspose(true);
    }

    /** Detection, then each face's FairFace chip through the CLIP preprocessing. */
    private List<PreparedFace> preparedFaces(RgbImage photo) {
        List<FaceChip> found = options.detection().faceChips(photo);
        List<PreparedFace> faces = new ArrayList<>(found.size());
        for (FaceChip face : found) faces.add(new PreparedFace(face.detection(), processor.pixelValues(face.chip())));
        return faces;
    }

    /** Prepared faces through the model ({@link #classifyPixelValues}), each paired with its detection. */
    private List<AnalyzedFace> analyzed(List<PreparedFace> faces) {
        List<FacePrediction> predictions = classifyPixelValues(faces.stream().map(PreparedFace::pixelValues).toList());
        List<AnalyzedFace> result = new ArrayList<>(faces.size());
        for (int i = 0; i < faces.size(); i++) result.add(AnalyzedFace.of(faces.get(i).detection(), predictions.get(i)));
        return result;
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
