package dev.vitface.eval;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The machine-readable form of an {@link Evaluation}:
 *
 * <pre>
 * {"faces": N, "labels": PATH, "predictions": SOURCE, "bootstrap": {"resamples": B, "seed": S},
 *  "tasks": {"age": {"accuracy": …, "accuracy_ci95": [lo, hi],
 *                    "classes": {LABEL: {"precision": …, "recall": …, "f1": …, "support": …}},
 *                    "macro_avg": {…}, "weighted_avg": {…},
 *                    "confusion": {"labels": […], "matrix": [[…]]},
 *                    "by_group": {"gender": {GROUP: {"accuracy": …, "macro_f1": …, "n": …, "ci95": [lo, hi]}}, …},
 *                    "max_gap": {"gender": {"accuracy": GAP, "macro_f1": GAP}, …}}, …},
 *  "unmatched": [{"file": …, "missing": "prediction"|"label", "source": …, "line": …}],
 *  "errors": [{"kind": …, "source": …, "line": …, "file": …, "message": …}],
 *  "counts": {"unmatched": …, "errors": {KIND: …}}}
 * </pre>
 *
 * GAP is {@code {"gap": max − min, "min_max_ratio": min / max or null, "lowest": GROUP, "highest": GROUP}}.
 * "classes" holds the classes labelled or predicted at least once (scikit-learn's report lines);
 * the confusion matrix always covers every label, rows labelled and columns predicted, in the
 * order its "labels" lists. Labels appear in display order (age bins by lower bound, see
 * {@link DisplayOrder}) everywhere: "classes", "by_group" and the matrix. Values are full doubles;
 * rounding is left to the reader.
 */
public final class JsonReport {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

    private JsonReport() {}

    public static String render(Evaluation evaluation) {
        return GSON.toJson(toJson(evaluation)) + "\n";
    }

    public static JsonObject toJson(Evaluation evaluation) {
        JsonObject root = new JsonObject();
        root.addProperty("faces", evaluation.evaluatedFaces());
        root.addProperty("labels", evaluation.labelsSource());
        root.addProperty("predictions", evaluation.predictionsSource());
        JsonObject bootstrap = new JsonObject();
        bootstrap.addProperty("resamples", evaluation.bootstrap().resamples());
        bootstrap.addProperty("seed", evaluation.bootstrap().seed());
        root.add("bootstrap", bootstrap);

        JsonObject tasks = new JsonObject();
        for (TaskEvaluation task : evaluation.tasks()) tasks.add(task.task().key(), task(task));
        root.add("tasks", tasks);

        JsonArray unmatched = new JsonArray();
        for (UnmatchedFile file : evaluation.unmatched()) {
            JsonObject entry = new JsonObject();
            entry.addProperty("file", file.file());
            entry.addProperty("missing", file.missing().key());
            entry.addProperty("source", file.source());
            entry.addProperty("line", file.line());
            unmatched.add(entry);
        }
        root.add("unmatched", unmatched);

        JsonArray errors = new JsonArray();
        Map<InputProblem.Kind, Integer> errorCounts = new EnumMap<>(InputProblem.Kind.class);
        for (InputProblem problem : evaluation.problems()) {
            JsonObject entry = new JsonObject();
            entry.addProperty("kind", problem.kind().key());
            entry.addProperty("source", problem.source());
            entry.addProperty("line", problem.line());
            entry.addProperty("file", problem.file());
            entry.addProperty("message", problem.message());
            errors.add(entry);
            errorCounts.merge(problem.kind(), 1, Integer::sum);
        }
        root.add("errors", errors);

        JsonObject counts = new JsonObject();
        counts.addProperty("unmatched", evaluation.unmatched().size());
        JsonObject errorsByKind = new JsonObject();
        errorCounts.forEach((kind, count) -> errorsByKind.addProperty(kind.key(), count));
        counts.add("errors", errorsByKind);
        root.add("counts", counts);
        return root;
    }

    private static JsonObject task(TaskEvaluation evaluation) {
        Attribute task = evaluation.task();
        ClassificationMetrics metrics = evaluation.metrics();
        JsonObject json = new JsonObject();
        json.addProperty("accuracy", metrics.accuracy());
        json.add("accuracy_ci95", interval(evaluation.accuracyInterval()));
        JsonObject classes = new JsonObject();
        for (int c : task.displayOrder()) {
            if (metrics.reportedClasses().contains(c)) classes.add(task.label(c), scores(metrics.scores(c)));
        }
        json.add("classes", classes);
        json.add("macro_avg", scores(metrics.macroAverage()));
        json.add("weighted_avg", scores(metrics.weightedAverage()));
        json.add("confusion", confusion(task, metrics.confusion()));

        JsonObject byGroup = new JsonObject();
        JsonObject maxGap = new JsonObject();
        for (GroupBreakdown breakdown : evaluation.breakdowns()) {
            JsonObject groups = new JsonObject();
            for (GroupResult group : breakdown.groups()) {
                JsonObject entry = new JsonObject();
                entry.addProperty("accuracy", group.accuracy());
                entry.addProperty("macro_f1", group.macroF1());
                entry.addProperty("n", group.faces());
                entry.add("ci95", interval(group.accuracyInterval()));
                groups.add(group.group(), entry);
            }
            byGroup.add(breakdown.groupedBy().key(), groups);
            JsonObject gaps = new JsonObject();
            gaps.add("accuracy", gap(breakdown.accuracyGap()));
            gaps.add("macro_f1", gap(breakdown.macroF1Gap()));
            maxGap.add(breakdown.groupedBy().key(), gaps);
        }
        json.add("by_group", byGroup);
        json.add("max_gap", maxGap);
        return json;
    }

    private static JsonObject scores(ClassScores scores) {
        JsonObject json = new JsonObject();
        json.addProperty("precision", scores.precision());
        json.addProperty("recall", scores.recall());
        json.addProperty("f1", scores.f1());
        json.addProperty("support", scores.support());
        return json;
    }

    private static JsonObject confusion(Attribute task, ConfusionMatrix matrix) {
        JsonObject json = new JsonObject();
        JsonArray labels = new JsonArray();
        task.displayLabels().forEach(labels::add);
        json.add("labels", labels);
        JsonArray rows = new JsonArray();
        for (int t : task.displayOrder()) {
            JsonArray row = new JsonArray();
            for (int p : task.displayOrder()) row.add(matrix.count(t, p));
            rows.add(row);
        }
        json.add("matrix", rows);
        return json;
    }

    private static JsonArray interval(ConfidenceInterval interval) {
        JsonArray json = new JsonArray();
        json.add(interval.low());
        json.add(interval.high());
        return json;
    }

    private static JsonObject gap(GroupGap gap) {
        JsonObject json = new JsonObject();
        json.addProperty("gap", gap.gap());
        OptionalDouble ratio = gap.ratio();
        if (ratio.isPresent()) json.addProperty("min_max_ratio", ratio.getAsDouble());
        else json.add("min_max_ratio", JsonNull.INSTANCE);
        json.addProperty("lowest", gap.lowest());
        json.addProperty("highest", gap.highest());
        return json;
    }
}
