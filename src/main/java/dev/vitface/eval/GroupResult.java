package dev.vitface.eval;

/**
 * How one task does on the faces of one group, e.g. gender on faces labelled "East Asian".
 *
 * @param group    the group's label
 * @param faces    how many evaluated faces the group has
 * @param accuracy the task's accuracy on them
 * @param accuracyInterval its bootstrap 95 % interval
 * @param macroF1  the task's macro-averaged F1 on them, over the classes labelled or predicted
 *                 within the group (as {@code f1_score(average="macro")} on the subset)
 */
public record GroupResult(String group, int faces, double accuracy, ConfidenceInterval accuracyInterval, double macroF1) {}
