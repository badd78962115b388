package dev.vitface.eval;

import java.util.List;
import java.util.Locale;

/**
 * An inline SVG heat map of a confusion matrix. Each cell shows its count and is shaded by the
 * share of its row (the fraction of faces with that label predicted as the column's class), so the
 * diagonal reads as per-class recall whatever the class sizes. Rows and columns follow the
 * attribute's display order.
 */
final class ConfusionHeatMap {
    private static final int CELL = 52;
    private static final double CHAR_WIDTH = 7.2; // of 12px system-ui text, generous for digits and capitals

    private ConfusionHeatMap() {}

    static String svg(Attribute task, ConfusionMatrix matrix) {
        int n = matrix.classes();
        List<Integer> order = task.displayOrder();
        int longestLabel = task.labels().stream().mapToInt(String::length).max().orElse(0);
        int left = (int) Math.ceil(longestLabel * CHAR_WIDTH) + 34;  // row labels plus the axis title
        int slanted = (int) Math.ceil(longestLabel * CHAR_WIDTH * 0.72); // a label's reach at 45°, up and right
        int top = slanted + 34; // plus the axis title
        int width = left + n * CELL + Math.max(8, slanted - CELL / 2);
        int height = top + n * CELL + 8;

        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">%n",
                width, height, width, height, HtmlReport.escape("Confusion matrix of " + task.perceivedName())));
        svg.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"14\" font-size=\"13\" font-weight=\"600\" text-anchor=\"middle\">predicted</text>%n",
                left + n * CELL / 2));
        svg.append(String.format(Locale.ROOT,
                "<text transform=\"translate(14 %d) rotate(-90)\" font-size=\"13\" font-weight=\"600\" text-anchor=\"middle\">labelled</text>%n",
                top + n * CELL / 2));
        for (int column = 0; column < n; column++) {
            int x = left + column * CELL + CELL / 2;
            svg.append(String.format(Locale.ROOT,
                    "<text transform=\"translate(%d %d) rotate(-45)\" font-size=\"12\">%s</text>%n",
                    x - 2, top - 6, HtmlReport.escape(task.label(order.get(column)))));
        }
        for (int row = 0; row < n; row++) {
            int t = order.get(row);
            long rowTotal = matrix.labelled(t);
            int y = top + row * CELL;
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\" dominant-baseline=\"middle\">%s</text>%n",
                    left - 6, y + CELL / 2, HtmlReport.escape(task.label(t))));
            for (int column = 0; column < n; column++) {
                int p = order.get(column);
                long count = matrix.count(t, p);
                double share = rowTotal == 0 ? 0 : (double) count / rowTotal;
                int x = left + column * CELL;
                svg.append(String.format(Locale.ROOT,
                        "<g><title>%s</title><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#ffffff\"/>"
                                + "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" dominant-baseline=\"middle\" fill=\"%s\">%d</text></g>%n",
                        HtmlReport.escape(String.format(Locale.ROOT, "labelled %s, predicted %s: %d (%.1f %% of the row)",
                                task.label(t), task.label(p), count, 100 * share)),
                        x, y, CELL, CELL, SvgColors.blue(share),
                        x + CELL / 2, y + CELL / 2, SvgColors.isDark(share) ? "#ffffff" : "#1b1f24", count));
            }
        }
        svg.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#8c959f\"/>%n",
                left, top, n * CELL, n * CELL));
        svg.append("</svg>\n");
        return svg.toString();
    }
}
