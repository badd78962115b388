package dev.vitface.eval;

import java.util.List;

/**
 * The three attributes the model's heads predict, with their label sets. A label's index is its
 * position in Python's {@code sorted()} order, which is the order the heads' logits follow
 * (REFERENCE.md, "Labels"): index 1 of age is "10-19" and index 3 is "3-9".
 */
public enum Attribute {
    AGE("age", List.of("0-2", "10-19", "20-29", "3-9", "30-39", "40-49", "50-59", "60-69", "more than 70")),
    GENDER("gender", List.of("Female", "Male")),
    RACE("race", List.of("Black", "East Asian", "Indian", "Latino_Hispanic", "Middle Eastern", "Southeast Asian", "White"));

    private final String key;
    private final List<String> labels;

    Attribute(String key, List<String> labels) {
        this.key = key;
        this.labels = labels;
    }

    /** The column name in FairFace's CSV and the key in the JSON report. */
    public String key() {
        return key;
    }

    public List<String> labels() {
        return labels;
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
}
