package dev.vitface.model;

import java.util.List;

/**
 * A model directory that cannot be used. The message names the file, the key, and what was
 * expected and found; {@link #problems()} lists every problem when several were found at once.
 */
public class ModelException extends RuntimeException {
    private final List<String> problems;

    public ModelException(String message) {
        this(message, List.of(message));
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
    }

    public ModelException(String summary, List<String> problems) {
        super(problems.size() == 1 ? problems.getFirst() : summary + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
