package dev.vitface.spark;

/**
 * The Wilson score interval for a binomial proportion (Wilson 1927; Agresti and Coull 1998 on why
 * it beats the normal approximation near 0 and 1, where audits of small groups live):
 * <pre>
 *   centre = (p + z²/2n) / (1 + z²/n),   half-width = z / (1 + z²/n) · √(p(1−p)/n + z²/4n²)
 * </pre>
 * The low end is exactly 0 at k = 0 and the high end exactly 1 at k = n (the formula gets there
 * only up to rounding).
 */
record WilsonInterval(double low, double high) {
    /** The 0.975 quantile of the standard normal: a two-sided 95 % interval. */
    private static final double Z95 = 1.959963984540054;

    static WilsonInterval of(long successes, long trials) {
        return of(successes, trials, Z95);
    }

    static WilsonInterval of(long successes, long trials, double z) {
        if (trials < 1) throw new IllegalArgumentException("a proportion needs at least one trial, got " + trials);
        if (successes < 0 || successes > trials) {
            throw new IllegalArgumentException(successes + " successes out of " + trials + " trials");
        }
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new WilsonInterval(successes == 0 ? 0 : centre - half, successes == trials ? 1 : centre + half);
    }
}
