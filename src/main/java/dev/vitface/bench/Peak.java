package dev.vitface.bench;

/**
 * An arithmetic peak of the CPU, measured in the same run as the forward passes: what no code
 * on these threads can beat. A forward pass's GFLOP/s over this is its fraction of the peak.
 *
 * @param description how it was measured, e.g. "fp32 FMA loop: FloatVector 512-bit, 12 accumulators, 2 threads"
 * @param gflops      GFLOP/s; NaN when there is no figure (then {@code description} says why)
 */
public record Peak(String description, double gflops) {

    public static Peak unavailable(String why) {
        return new Peak("no peak: " + why, Double.NaN);
    }

    public boolean available() {
        return Double.isFinite(gflops);
    }
}
