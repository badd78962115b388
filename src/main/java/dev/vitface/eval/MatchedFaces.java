package dev.vitface.eval;

import java.util.List;

/**
 * The faces that have both a label and a prediction, stored column-wise (one int array per
 * attribute and side) because every metric is a pass over one or two such columns.
 */
public final class MatchedFaces {
    private final int size;
    private final int[][] truth;     // [attribute ordinal][face] -> label index
    private final int[][] predicted; // [attribute ordinal][face] -> label index

    public MatchedFaces(List<LabelIndices> truth, List<LabelIndices> predicted) {
        if (truth.size() != predicted.size()) {
            throw new IllegalArgumentException(truth.size() + " labels but " + predicted.size() + " predictions");
        }
        this.size = truth.size();
        this.truth = columns(truth);
        this.predicted = columns(predicted);
    }

    public int size() {
        return size;
    }

    /** The labelled class of every face for {@code attribute}; do not modify. */
    int[] truth(Attribute attribute) {
        return truth[attribute.ordinal()];
    }

    /** The predicted class of every face for {@code attribute}; do not modify. */
    int[] predicted(Attribute attribute) {
        return predicted[attribute.ordinal()];
    }

    private static int[][] columns(List<LabelIndices> faces) {
        int[][] columns = new int[Attribute.values().length][faces.size()];
        for (int i = 0; i < faces.size(); i++) {
            for (Attribute attribute : Attribute.values()) {
                columns[attribute.ordinal()][i] = faces.get(i).index(attribute);
            }
        }
        return columns;
    }
}
