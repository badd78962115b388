package dev.vitface.eval;

import java.util.Locale;

/**
 * An inline SVG bar chart of a task's accuracy in each group, with the bootstrap 95 % interval as a
 * whisker and the overall accuracy as a dashed line, on a fixed 0–1 axis so charts compare at a
 * glance.
 */
final class GroupBarChart {
    private static final int ROW = 30;
    private static final int BAR = 16;
    private static final int PLOT_WIDTH = 300;
    private static final double CHAR_WIDTH = 7.4;

    private GroupBarChart() {}

    static String svg(GroupBreakdown breakdown, double overallAccuracy) {
        int longestLabel = breakdown.groupedBy().labels().stream().mapToInt(String::length).max().orElse(0);
        int left = (int) Math.ceil(longestLabel * CHAR_WIDTH) + 12;
        int top = 22;
        int rows = breakdown.groups().size();
        int width = left + PLOT_WIDTH + 16;
        int height = top + rows * ROW + 28;

        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">%n",
                width, height, width, height, HtmlReport.escape("Accuracy by labelled " + breakdown.groupedBy().perceivedName())));
        for (int tick = 0; tick <= 4; tick++) {
            double value = tick / 4.0;
            double x = left + value * PLOT_WIDTH;
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#d0d7de\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" fill=\"#57606a\">%.2f</text>%n",
                    x, top - 4, x, top + rows * ROW, x, top + rows * ROW + 16, value));
        }
        for (int i = 0; i < rows; i++) {
            GroupResult group = breakdown.groups().get(i);
            int y = top + i * ROW + (ROW - BAR) / 2;
            double barEnd = left + group.accuracy() * PLOT_WIDTH;
            double low = left + group.accuracyInterval().low() * PLOT_WIDTH;
            double high = left + group.accuracyInterval().high() * PLOT_WIDTH;
            double middle = y + BAR / 2.0;
            svg.append(String.format(Locale.ROOT,
                    "<g><title>%s</title>"
                            + "<text x=\"%d\" y=\"%.1f\" font-size=\"12\" text-anchor=\"end\" dominant-baseline=\"middle\">%s</text>"
                            + "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#6baed6\"/>"
                            + "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1b1f24\" stroke-width=\"1.5\"/>"
                            + "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#1b1f24\" stroke-width=\"1.5\"/>"
                            + "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#1b1f24\" stroke-width=\"1.5\"/></g>%n",
                    HtmlReport.escape(String.format(Locale.ROOT, "%s: accuracy %.4f, 95 %% CI %.4f–%.4f, n = %d",
                            group.group(), group.accuracy(), group.accuracyInterval().low(),
                            group.accuracyInterval().high(), group.faces())),
                    left - 6, middle, HtmlReport.escape(group.group()),
                    left, y, barEnd - left, BAR,
                    low, middle, high, middle,
                    low, y + 3, low, y + BAR - 3,
                    high, y + 3, high, y + BAR - 3));
        }
        double overall = left + overallAccuracy * PLOT_WIDTH;
        svg.append(String.format(Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#cf222e\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>"
                        + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" fill=\"#cf222e\">overall %.4f</text>%n",
                overall, top - 4, overall, top + rows * ROW, overall, top - 8, overallAccuracy));
        svg.append("</svg>\n");
        return svg.toString();
    }
}
