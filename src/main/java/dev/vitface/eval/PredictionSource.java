package dev.vitface.eval;

import java.io.IOException;

/**
 * Where the predictions being evaluated come from. {@link PredictionsCsv} reads the output of
 * {@code vitface classify --format csv}; a source that runs the model on the labelled images
 * implements the same interface, so matching, metrics and reports do not care which one is used.
 */
public interface PredictionSource {
    /** Names the source in messages and reports, e.g. the CSV's path. */
    String description();

    /**
     * Produces the predictions. A file that cannot be classified is not an exception but an
     * {@link InputProblem} in the result, so one bad image does not stop an evaluation.
     *
     * @throws IOException when the source as a whole cannot be read (a missing or malformed file)
     */
    Predictions predictions() throws IOException;
}
