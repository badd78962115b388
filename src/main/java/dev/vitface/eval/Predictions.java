package dev.vitface.eval;

import java.util.List;

/**
 * Everything a {@link PredictionSource} produced: the usable predictions, and one problem for each
 * file it has no usable prediction for (an inference error, an unknown label, …).
 */
public record Predictions(List<Prediction> usable, List<InputProblem> problems) {
    public Predictions {
        usable = List.copyOf(usable);
        problems = List.copyOf(problems);
    }
}
