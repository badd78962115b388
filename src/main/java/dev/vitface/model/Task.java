package dev.vitface.model;

/** The three classification heads, in the order the model card lists them. */
public enum Task {
    AGE("age"), GENDER("gender"), RACE("race");

    private final String key;

    Task(String key) {
        this.key = key;
    }

    /** Lower-case name used in JSON, CSV and the checkpoint's {@code <key>_head.*} tensors. */
    public String key() {
        return key;
    }

    public String headPrefix() {
        return key + "_head.";
    }
}
