package dev.vitface.bench;

/**
 * The practical speed limit a forward pass is compared with: one large GEMM of the model's
 * dominant shape, measured in the same run on the same hardware.
 *
 * @param description what was measured, e.g. "OpenBLAS sgemm [2056, 4096, 1024] on 2 threads"
 * @param gflops      its GFLOP/s; NaN when it could not be measured (then {@code description} says why)
 */
public record Ceiling(String description, double gflops) {

    public static Ceiling unavailable(String why) {
        return new Ceiling("no ceiling: " + why, Double.NaN);
    }
}
