package dev.vitface.faces;

import dev.vitface.faces.blazeface.BlazeFace;
import dev.vitface.faces.blazeface.Cascade;
import dev.vitface.preprocess.RgbImage;
import java.util.List;
import java.util.Objects;

/**
 * Finds faces in a photo with MediaPipe's BlazeFace, run by vitface's own Java network (no ONNX
 * Runtime). The photo is letterboxed onto a square, resized to the model's input, and the 896
 * anchors are decoded and merged by weighted non-maximum suppression exactly as MediaPipe's face
 * detection graphs do. Boxes and landmarks come back in the input image's pixels: decode photos
 * with {@code ImageDecoder.defaults().withExifTranspose(true)} to have them in the displayed
 * orientation.
 *
 * <p>Thread-safe: the weights are immutable and every call allocates its own buffers.
 * See docs/FACES.md for what it finds and what it cannot (tiny faces, profiles, heavy occlusion).
 */
public final class FaceDetector {

    /**
     * Which models run. Default thresholds are set so that neither the coffee-cup nor the cat photo
     * (skimage's, bundled with the tests) reports a face; the scores behind them are in docs/FACES.md.
     */
    public enum Variant {
        /**
         * MediaPipe's full-range model alone (256×256 input). Threshold 0.85, not MediaPipe's 0.65:
         * it scores the cat 0.80 and the coffee cup 0.66, and real faces as low as 0.75 (faces of 40 %
         * of the photo) or 0.80 (faces of 8 %), so no threshold separates them; use {@link #CASCADE}.
         */
        FULL_RANGE("blazeface_full_range.safetensors", 256, 0.85),
        /**
         * MediaPipe's short-range model alone (128×128 input): faces of about 25 % of the photo's
         * longer side or more. Threshold 0.7, not MediaPipe's 0.5: it scores the cat 0.58.
         */
        SHORT_RANGE("blazeface_short_range.safetensors", 128, 0.7),
        /**
         * The default: full-range proposals (score ≥ 0.5), each verified and refined by the short-range
         * model on a window twice its size. Finds faces from 6 % to 60 % of the longer side, ±30°,
         * mirrored or not, scoring them 0.82 or more; the cat scores 0.52, the coffee cup 0.09.
         * Threshold 0.7, on the short-range score.
         */
        CASCADE(null, 256, 0.7);

        private final String resource;
        private final int inputSize;
        private final double defaultMinScore;

        Variant(String resource, int inputSize, double defaultMinScore) {
            this.resource = resource;
            this.inputSize = inputSize;
            this.defaultMinScore = defaultMinScore;
        }

        /** The score a face needs to be reported by {@link FaceDetector#detect(RgbImage)}. */
        public double defaultMinScore() {
            return defaultMinScore;
        }
    }

    /** What a detector runs: one model or the cascade. */
    private interface Model {
        List<DetectedFace> detect(RgbImage image, double minScore);
    }

    private final Variant variant;
    private final Model model;

    private FaceDetector(Variant variant, Model model) {
        this.variant = variant;
        this.model = model;
    }

    /** The default detector: the cascade, loaded once and shared. */
    public static FaceDetector standard() {
        return CascadeHolder.DETECTOR;
    }

    /** The full-range detector, loaded once and shared (it is immutable). */
    public static FaceDetector fullRange() {
        return FullRangeHolder.DETECTOR;
    }

    /** The short-range detector, loaded once and shared. */
    public static FaceDetector shortRange() {
        return ShortRangeHolder.DETECTOR;
    }

    /** A fresh detector of {@code variant}, its weights read from the jar. */
    public static FaceDetector load(Variant variant) {
        Objects.requireNonNull(variant, "variant");
        return switch (variant) {
            case FULL_RANGE, SHORT_RANGE -> new FaceDetector(variant, model(variant)::detect);
            case CASCADE -> new FaceDetector(variant, new Cascade(model(Variant.FULL_RANGE), model(Variant.SHORT_RANGE))::detect);
        };
    }

    private static BlazeFace model(Variant variant) {
        return BlazeFace.fromResource(variant.resource, variant.inputSize);
    }

    public Variant variant() {
        return variant;
    }

    /** Faces scoring at least the variant's {@link Variant#defaultMinScore()}, best first. */
    public List<DetectedFace> detect(RgbImage image) {
        return detect(image, variant.defaultMinScore);
    }

    /** Faces scoring at least {@code minScore} (0..1), best first. */
    public List<DetectedFace> detect(RgbImage image, double minScore) {
        Objects.requireNonNull(image, "image");
        if (!(minScore >= 0 && minScore <= 1)) {
            throw new IllegalArgumentException("minScore must be in [0, 1], got " + minScore);
        }
        return model.detect(image, minScore);
    }

    // One holder per shared detector, so that asking for one loads only the models it needs.
    private static final class FullRangeHolder {
        static final BlazeFace MODEL = model(Variant.FULL_RANGE);
        static final FaceDetector DETECTOR = new FaceDetector(Variant.FULL_RANGE, MODEL::detect);
    }

    private static final class ShortRangeHolder {
        static final BlazeFace MODEL = model(Variant.SHORT_RANGE);
        static final FaceDetector DETECTOR = new FaceDetector(Variant.SHORT_RANGE, MODEL::detect);
    }

    private static final class CascadeHolder {
        static final FaceDetector DETECTOR = new FaceDetector(Variant.CASCADE,
                new Cascade(FullRangeHolder.MODEL, ShortRangeHolder.MODEL)::detect);
    }
}
