package dev.vitface.eval;

/** A two-sided interval [low, high] for an estimate. */
public record ConfidenceInterval(double low, double high) {
    public ConfidenceInterval {
        if (!(low <= high)) throw new IllegalArgumentException("interval [" + low + ", " + high + "] is empty");
    }
}
