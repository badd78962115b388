package dev.vitface.serve;

import java.util.Locale;

/** A Prometheus histogram: cumulative {@code _bucket{le}} counts, {@code _sum} and {@code _count}. */
final class Histogram {
    private final String name;
    private final String help;
    private final double[] upperBounds;
    private final long[] counts; // per bucket, not cumulative; the last is +Inf
    private double sum;
    private long count;

    Histogram(String name, String help, double... upperBounds) {
        for (int i = 1; i < upperBounds.length; i++) {
            if (!(upperBounds[i] > upperBounds[i - 1])) throw new IllegalArgumentException("bucket bounds must increase");
        }
        this.name = name;
        this.help = help;
        this.upperBounds = upperBounds.clone();
        this.counts = new long[upperBounds.length + 1];
    }

    synchronized void observe(double value) {
        int bucket = 0;
        while (bucket < upperBounds.length && value > upperBounds[bucket]) bucket++;
        counts[bucket]++;
        sum += value;
        count++;
    }

    /** Appends this histogram in the text exposition format. */
    synchronized void writeTo(StringBuilder out) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" histogram\n");
        long cumulative = 0;
        for (int i = 0; i < upperBounds.length; i++) {
            cumulative += counts[i];
            out.append(name).append("_bucket{le=\"").append(number(upperBounds[i])).append("\"} ").append(cumulative).append('\n');
        }
        out.append(name).append("_bucket{le=\"+Inf\"} ").append(count).append('\n');
        out.append(name).append("_sum ").append(number(sum)).append('\n');
        out.append(name).append("_count ").append(count).append('\n');
    }

    /** Integers without a fraction ("8", not "8.0"), others as Java prints them (Prometheus parses both). */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.format(Locale.ROOT, "%d", (long) v);
        return Double.toString(v);
    }
}
