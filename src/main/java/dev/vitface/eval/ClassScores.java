package dev.vitface.eval;

/**
 * One line of a classification report.
 *
 * @param support the number of labelled faces the line covers (for an average: all of them)
 */
public record ClassScores(double precision, double recall, double f1, long support) {}
