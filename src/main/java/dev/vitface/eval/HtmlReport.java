package dev.vitface.eval;

import java.util.List;
import java.util.Locale;

/**
 * A self-contained HTML page for an {@link Evaluation}: inline CSS and SVG only, no scripts, fonts
 * or other files, so it opens offline and can be mailed or archived as one file. Per head it shows
 * the classification report, a confusion-matrix heat map (shaded by the share of each labelled
 * class, so small classes stay readable) and, per grouping attribute, a bar chart of accuracy with
 * its 95 % interval next to a table of the numbers.
 */
public final class HtmlReport {
    /** Unmatched files and errors beyond this many are counted, not listed; the JSON lists all. */
    static final int LISTED_PROBLEMS = 500;

    private static final String STYLE = """
            body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f24;
                   margin: 0 auto; max-width: 1100px; padding: 24px; }
            h1 { font-size: 26px; margin: 0 0 12px; }
            h2 { font-size: 21px; border-bottom: 2px solid #d0d7de; padding-bottom: 4px; margin-top: 40px; }
            h3 { font-size: 16px; margin: 22px 0 8px; }
            .note { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px; padding: 10px 14px; }
            dl.summary { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; }
            dl.summary dt { font-weight: 600; }
            dl.summary dd { margin: 0; }
            pre { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: 10px 12px;
                  font: 13px/1.35 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; overflow-x: auto;
                  display: inline-block; margin: 0; }
            .pair { display: flex; flex-wrap: wrap; gap: 28px; align-items: flex-start; }
            table { border-collapse: collapse; font-size: 14px; }
            th, td { padding: 3px 10px; border-bottom: 1px solid #d0d7de; text-align: right; }
            th:first-child, td:first-child { text-align: left; }
            .problems th, .problems td { text-align: left; }
            .gap { color: #57606a; margin: 6px 0 0; }
            .headline { font-size: 17px; }
            svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
            """;

    private HtmlReport() {}

    public static String render(Evaluation evaluation, int digits) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>vitface evaluation: perceived age, gender and race</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        header(html, evaluation);
        for (TaskEvaluation task : evaluation.tasks()) task(html, task, digits);
        problems(html, evaluation);
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static void header(StringBuilder html, Evaluation evaluation) {
        html.append("<h1>Evaluation of perceived age, gender and race</h1>\n");
        html.append("<p class=\"note\"><strong>Perceived attributes.</strong> The model estimates how a face is ")
                .append("<em>perceived</em> (an age bin, a gender, a FairFace race group), and FairFace's labels are ")
                .append("annotators' perceptions too; neither says how anyone identifies. The model card rules out ")
                .append("surveillance, monitoring or tracking of people and automated decisions about individuals' ")
                .append("rights or opportunities. Use these numbers to study the model's accuracy and its differences ")
                .append("between groups.</p>\n");
        html.append("<dl class=\"summary\">\n");
        definition(html, "Labels", evaluation.labelsSource());
        definition(html, "Predictions", evaluation.predictionsSource());
        definition(html, "Evaluated faces", Integer.toString(evaluation.evaluatedFaces()));
        definition(html, "Unmatched files", Integer.toString(evaluation.unmatched().size()));
        definition(html, "Rows not evaluated", Integer.toString(evaluation.problems().size()));
        definition(html, "Intervals", "95 % percentile bootstrap, " + evaluation.bootstrap().resamples()
                + " resamples, seed " + evaluation.bootstrap().seed());
        html.append("</dl>\n");
        html.append("<p>Groups are formed from the labels, never from predictions. The largest gap compares point ")
                .append("estimates; for a group with few faces (see n and its interval) much of a gap can be chance.</p>\n<p>");
        for (TaskEvaluation task : evaluation.tasks()) {
            html.append("<a href=\"#").append(task.task().key()).append("\">")
                    .append(escape(task.task().perceivedHeading())).append("</a> · ");
        }
        html.append("<a href=\"#problems\">Unmatched files and errors</a></p>\n");
    }

    private static void task(StringBuilder html, TaskEvaluation evaluation, int digits) {
        Attribute task = evaluation.task();
        ClassificationMetrics metrics = evaluation.metrics();
        String heading = task.perceivedHeading();
        html.append("<section id=\"").append(task.key()).append("\">\n<h2>").append(escape(heading)).append("</h2>\n");
        html.append("<p class=\"headline\">Accuracy <strong>").append(number(metrics.accuracy()))
                .append("</strong> (95 % CI ").append(interval(evaluation.accuracyInterval())).append("), macro-F1 ")
                .append(number(metrics.macroAverage().f1())).append(", ").append(metrics.total()).append(" faces</p>\n");
        html.append("<div class=\"pair\">\n<div>\n<h3>Classification report</h3>\n<pre>")
                .append(escape(ClassificationReportText.format(task.labels(), task.displayOrder(), metrics, digits)))
                .append("</pre>\n</div>\n<div>\n<h3>Confusion matrix</h3>\n");
        html.append(ConfusionHeatMap.svg(task, metrics.confusion()));
        html.append("</div>\n</div>\n");
        for (GroupBreakdown breakdown : evaluation.breakdowns()) {
            html.append("<h3>").append(escape(heading)).append(" by labelled ")
                    .append(escape(breakdown.groupedBy().perceivedName())).append("</h3>\n");
            html.append("<div class=\"pair\">\n");
            html.append(GroupBarChart.svg(breakdown, metrics.accuracy()));
            groupTable(html, breakdown);
            html.append("</div>\n");
            html.append("<p class=\"gap\">Largest accuracy gap ").append(gap(breakdown.accuracyGap())).append("<br>\n")
                    .append("Largest macro-F1 gap ").append(gap(breakdown.macroF1Gap())).append("</p>\n");
        }
        html.append("</section>\n");
    }

    private static void groupTable(StringBuilder html, GroupBreakdown breakdown) {
        html.append("<table>\n<tr><th>group</th><th>n</th><th>accuracy</th><th>95 % CI</th><th>macro-F1</th></tr>\n");
        for (GroupResult group : breakdown.groups()) {
            html.append("<tr><td>").append(escape(group.group())).append("</td><td>").append(group.faces())
                    .append("</td><td>").append(number(group.accuracy())).append("</td><td>")
                    .append(interval(group.accuracyInterval())).append("</td><td>").append(number(group.macroF1()))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static String gap(GroupGap gap) {
        String ratio = gap.ratio().isPresent() ? number(gap.ratio().getAsDouble()) : "undefined";
        return number(gap.gap()) + " (lowest " + escape(gap.lowest()) + ", highest " + escape(gap.highest())
                + "), min/max ratio " + ratio;
    }

    private static void problems(StringBuilder html, Evaluation evaluation) {
        html.append("<section id=\"problems\">\n<h2>Unmatched files and errors</h2>\n");
        List<UnmatchedFile> unmatched = evaluation.unmatched();
        html.append("<h3>Unmatched files (").append(unmatched.size()).append(")</h3>\n");
        if (!unmatched.isEmpty()) {
            html.append("<table class=\"problems\">\n<tr><th>file</th><th>missing</th><th>found in</th></tr>\n");
            for (UnmatchedFile file : unmatched.subList(0, Math.min(LISTED_PROBLEMS, unmatched.size()))) {
                html.append("<tr><td>").append(escape(file.file())).append("</td><td>").append(file.missing().key())
                        .append("</td><td>").append(escape(location(file.source(), file.line()))).append("</td></tr>\n");
            }
            html.append("</table>\n");
            more(html, unmatched.size());
        }
        List<InputProblem> problems = evaluation.problems();
        html.append("<h3>Rows not evaluated (").append(problems.size()).append(")</h3>\n");
        if (!problems.isEmpty()) {
            html.append("<table class=\"problems\">\n<tr><th>file</th><th>kind</th><th>message</th><th>found in</th></tr>\n");
            for (InputProblem problem : problems.subList(0, Math.min(LISTED_PROBLEMS, problems.size()))) {
                html.append("<tr><td>").append(escape(problem.file())).append("</td><td>").append(problem.kind().key())
                        .append("</td><td>").append(escape(problem.message())).append("</td><td>")
                        .append(escape(location(problem.source(), problem.line()))).append("</td></tr>\n");
            }
            html.append("</table>\n");
            more(html, problems.size());
        }
        html.append("</section>\n");
    }

    private static void more(StringBuilder html, int total) {
        if (total > LISTED_PROBLEMS) {
            html.append("<p>… and ").append(total - LISTED_PROBLEMS).append(" more, listed in the JSON report.</p>\n");
        }
    }

    private static void definition(StringBuilder html, String term, String value) {
        html.append("<dt>").append(escape(term)).append("</dt><dd>").append(escape(value)).append("</dd>\n");
    }

    private static String location(String source, int line) {
        return line > 0 ? source + ":" + line : source;
    }

    private static String interval(ConfidenceInterval interval) {
        return number(interval.low()) + "–" + number(interval.high());
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    /** Escapes text for an HTML element or a double-quoted attribute. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
