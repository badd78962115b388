package dev.vitface.eval;

import dev.vitface.model.Labels;
import dev.vitface.model.Task;
import java.util.List;

/**
 * The three attributes the model's heads predict, with FairFace's label sets ({@link Labels}: a
 * label's index is its position in Python's {@code sorted()} order, the order of the logits).
 * Reports show the labels in {@link #displayOrder()} instead.
 */
public enum Attribute {
    AGE(Task.AGE), GENDER(Task.GENDER), RACE(Task.RACE);

    private final String key;
    private final List<String> labels;
    private final List<Integer> displayOrder;

    Attribute(Task task) {
        this.key = task.key();
        this.labels = Labels.fairFace().of(task);
        this.displayOrder = DisplayOrder.of(labels);
    }

    /** The column name in FairFace's CSV and the key in the JSON report. */
    public String key() {
        return key;
    }

    public List<String> labels() {
        return labels;
    }

    /** Label indexes in the order reports show them: age bins by lower bound, others by index (see {@link DisplayOrder}). */
    public List<Integer> displayOrder() {
        return displayOrder;
    }

    /** The labels in {@link #displayOrder()}. */
    public List<String> displayLabels() {
        return displayOrder.stream().map(labels::get).toList();
    }

    public int classCount() {
        return labels.size();
    }

    public String label(int index) {
        return labels.get(index);
    }

    /** The index of {@code label}, or -1 when it is not one of this attribute's labels (exact match). */
    public int indexOf(String label) {
        return labels.indexOf(label);
    }

    /**
     * The heading used in human-readable output. The model estimates how a face is perceived, not
     * anyone's self-identified age, gender or race, so every heading says so.
     */
    public String perceivedName() {
        return "perceived " + key;
    }

    /** {@link #perceivedName()} capitalised, for the start of a heading. */
    public String perceivedHeading() {
        return "Perceived " + key;
    }
}
