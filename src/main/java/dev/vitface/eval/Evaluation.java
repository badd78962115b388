package dev.vitface.eval;

import java.util.List;

/**
 * The result of {@code vitface evaluate}, ready to render as text, JSON or HTML.
 *
 * @param labelsSource      the labels CSV
 * @param predictionsSource where the predictions came from
 * @param bootstrap         the resampling settings behind every interval
 * @param evaluatedFaces    faces with both a usable label and a usable prediction
 * @param tasks             one entry per head, in {@link Attribute} order
 * @param unmatched         files found on one side only
 * @param problems          rows that could not be used, from either input
 */
public record Evaluation(String labelsSource, String predictionsSource, AccuracyBootstrap bootstrap, int evaluatedFaces,
                         List<TaskEvaluation> tasks, List<UnmatchedFile> unmatched, List<InputProblem> problems) {
    public Evaluation {
        tasks = List.copyOf(tasks);
        unmatched = List.copyOf(unmatched);
        problems = List.copyOf(problems);
    }
}
