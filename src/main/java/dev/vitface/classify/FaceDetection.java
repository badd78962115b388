package dev.vitface.classify;

import dev.vitface.faces.DetectedFace;
import dev.vitface.faces.FaceDetector;
import dev.vitface.faces.align.FaceChips;
import dev.vitface.preprocess.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which detector finds the faces and the score a face needs. The detectors are loaded once per
 * JVM and shared (they are immutable), so this record is cheap and thread-safe.
 *
 * @param variant  the detector's models (default {@link FaceDetector.Variant#CASCADE})
 * @param minScore the lowest score reported, 0..1 (default: the variant's)
 */
public record FaceDetection(FaceDetector.Variant variant, double minScore) {

    public FaceDetection {
        Objects.requireNonNull(variant, "variant");
        if (!(minScore >= 0 && minScore <= 1)) {
            throw new IllegalArgumentException("the minimum face score must be in [0, 1], got " + minScore);
        }
    }

    /** The cascade at its default threshold (docs/FACES.md says why). */
    public static FaceDetection defaults() {
        return of(FaceDetector.Variant.CASCADE);
    }

    /** {@code variant} at its default threshold. */
    public static FaceDetection of(FaceDetector.Variant variant) {
        return new FaceDetection(variant, variant.defaultMinScore());
    }

    public FaceDetector detector() {
        return switch (variant) {
            case CASCADE -> FaceDetector.standard();
            case FULL_RANGE -> FaceDetector.fullRange();
            case SHORT_RANGE -> FaceDetector.shortRange();
        };
    }

    /** The faces in {@code image}, best first. */
    public List<DetectedFace> detect(RgbImage image) {
        return detector().detect(image, minScore);
    }

    /**
     * The faces in {@code photo}, best first, each with its FairFace chip: how every face-detecting
     * path (classify, analyze, serve, vitface-spark) turns a photo into model inputs, so they
     * cannot drift apart.
     */
    public List<FaceChip> faceChips(RgbImage photo) {
        List<DetectedFace> found = detect(photo);
        List<FaceChip> chips = new ArrayList<>(found.size());
        for (DetectedFace face : found) chips.add(new FaceChip(face, chip(photo, face)));
        return chips;
    }

    /** The FairFace chip of one detected face: what the model sees of it. */
    public static RgbImage chip(RgbImage photo, DetectedFace face) {
        return FaceChips.extract(photo, face.landmarks());
    }
}
