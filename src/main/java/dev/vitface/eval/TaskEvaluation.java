package dev.vitface.eval;

import java.util.List;

/**
 * Everything measured for one head.
 *
 * @param task             the attribute the head predicts
 * @param metrics          accuracy, per-class scores and the confusion matrix over all evaluated faces
 * @param accuracyInterval the bootstrap 95 % interval of the overall accuracy
 * @param breakdowns       the task split by each other attribute's labelled groups
 */
public record TaskEvaluation(Attribute task, ClassificationMetrics metrics, ConfidenceInterval accuracyInterval,
                             List<GroupBreakdown> breakdowns) {
    public TaskEvaluation {
        breakdowns = List.copyOf(breakdowns);
    }
}
