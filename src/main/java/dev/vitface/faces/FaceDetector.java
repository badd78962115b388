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

    /** The two BlazeFace models; see docs/FACES.md for the thresholds' measurements. */
    public enum Variant {
        /**
         * MediaPipe's full-range model (256×256 input, faces down to about 8 % of the photo's longer
         * side). MediaPipe's own threshold is 0.65; a coffee-cup photo scores 0.67, so the default here is higher.
         */
        FULL_RANGE("blazeface_full_range.safetensors", 256, 0.75),
        /** MediaPipe's short-range model (128×128 input, faces larger than about a fifth of the photo). */
        SHORT_RANGE("blazeface_short_range.safetensors", 128, 0.5),
        /** Full-range proposals verified and refined by the short-range model on a window around each. */
        CASCADE(null, 256, 0.75);

        private final String resource;
        private final int inputSize;
        private final double defaultMinScore;

        Variant(String resource, int inputSize, double defaultMinScore) {
            this.resource = resource;
            this.inputSize = inputSize;
            this.defaultMinScore = defaultMinScore;
        }

        /** The network's square input side in pixels. */
        public int inputSize() {
            return inputSize;
        }

        /** The score a face needs to be reported by {@link #detect(RgbImage)}. */
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
        return Shared.CASCADE;
    }

    /** The full-range detector, loaded once and shared (it is immutable). */
    public static FaceDetector fullRange() {
        return Shared.FULL;
    }

    /** The short-range detector, loaded once and shared. */
    public static FaceDetector shortRange() {
        return Shared.SHORT;
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

    private static final class Shared {
        static final FaceDetector FULL = load(Variant.FULL_RANGE);
        static final FaceDetector SHORT = load(Variant.SHORT_RANGE);
        static final FaceDetector CASCADE = load(Variant.CASCADE);
    }
}
