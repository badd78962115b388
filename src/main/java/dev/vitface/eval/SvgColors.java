package dev.vitface.eval;

import java.util.Locale;

/** The sequential colour scale of the heat maps: white through mid blue to dark blue, print- and colour-blind-safe. */
final class SvgColors {
    private static final int[][] STOPS = {{247, 251, 255}, {107, 174, 214}, {8, 48, 107}};

    private SvgColors() {}

    /** The colour for {@code value} in [0, 1], as {@code #rrggbb}. */
    static String blue(double value) {
        double clamped = Math.clamp(value, 0.0, 1.0);
        double position = clamped * (STOPS.length - 1);
        int lower = Math.min((int) position, STOPS.length - 2);
        double t = position - lower;
        int[] rgb = new int[3];
        for (int i = 0; i < 3; i++) {
            rgb[i] = (int) Math.round(STOPS[lower][i] + t * (STOPS[lower + 1][i] - STOPS[lower][i]));
        }
        return String.format(Locale.ROOT, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
    }

    /** Whether text on a cell of this value needs to be light to stay legible. */
    static boolean isDark(double value) {
        return value > 0.55;
    }
}
