package dev.vitface.classify;

/**
 * The outcome for one input, or for one face of it: a prediction, or the reason there is none.
 * A run on face crops gives {@link Success} or {@link Failure} per input; a run that detects
 * faces gives one {@link Face} per face found (in the detector's order), {@link NoFace} for a
 * photo without one, or {@link Failure}.
 */
public sealed interface ClassificationResult {
    /** The input as the user named it (a path, or a caller-chosen name for in-memory images). */
    String source();

    /** The whole input classified as one face crop. */
    record Success(String source, FacePrediction prediction) implements ClassificationResult {}

    /** Face number {@code face} (0, 1, …) of the photo, as the detector found it and the model perceived it. */
    record Face(String source, int face, AnalyzedFace analyzed) implements ClassificationResult {}

    /** A readable photo in which the detector found no face. */
    record NoFace(String source) implements ClassificationResult {}

    record Failure(String source, String error) implements ClassificationResult {}
}
