package dev.vitface.classify;

/** The outcome for one input: a prediction, or the reason there is none. Never both. */
public sealed interface ClassificationResult {
    /** The input as the user named it (a path, or a caller-chosen name for in-memory images). */
    String source();

    record Success(String source, FacePrediction prediction) implements ClassificationResult {}

    record Failure(String source, String error) implements ClassificationResult {}
}
