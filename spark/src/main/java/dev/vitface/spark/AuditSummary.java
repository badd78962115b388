package dev.vitface.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.map_keys;

import dev.vitface.classify.FaceFields;
import dev.vitface.eval.DisplayOrder;
import dev.vitface.model.Task;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code --summary}: for each attribute, how many faces the model perceives with each label, out
 * of the faces classified, with a 95 % Wilson interval; and the share of images without a face and
 * of unreadable images, out of all images. Labels no face got are listed with a count of 0.
 *
 * @param rows one per (attribute, label), images first
 */
record AuditSummary(List<Line> rows) {
    static final String IMAGES = "image_status";
    static final StructType SCHEMA = new StructType()
            .add("attribute", DataTypes.StringType, false)
            .add("label", DataTypes.StringType, false)
            .add("count", DataTypes.LongType, false)
            .add("total", DataTypes.LongType, false)
            .add("proportion", DataTypes.DoubleType, true)
            .add("ci95_low", DataTypes.DoubleType, true)
            .add("ci95_high", DataTypes.DoubleType, true);

    /** {@code count} of {@code total}; the proportion and interval are null when total is 0. */
    record Line(String attribute, String label, long count, long total) {
        Double proportion() {
            return total == 0 ? null : (double) count / total;
        }

        WilsonInterval interval() {
            return total == 0 ? null : WilsonInterval.of(count, total);
        }

        Row toRow() {
            WilsonInterval ci = interval();
            return RowFactory.create(attribute, label, count, total, proportion(),
                    ci == null ? null : ci.low(), ci == null ? null : ci.high());
        }
    }

    /** From audit rows ({@link AuditRows#SCHEMA}); a few small aggregations, so cache the rows first. */
    static AuditSummary of(Dataset<Row> results) {
        List<Line> lines = new ArrayList<>();
        // An image is one no_face or error row, or the row of its first face.
        Map<String, Long> images = counts(results.filter(col("face").isNull().or(col("face").equalTo(0))), col("status"));
        long imageCount = images.values().stream().mapToLong(Long::longValue).sum();
        for (String status : List.of(FaceFields.OK, FaceFields.NO_FACE, FaceFields.ERROR)) {
            lines.add(new Line(IMAGES, status, images.getOrDefault(status, 0L), imageCount));
        }
        Dataset<Row> faces = results.filter(col("status").equalTo(FaceFields.OK));
        // Every label the model has, from one face's distributions (map_keys keeps the stored
        // order; a map read back into Java does not), listed as every report lists them: age bins
        // by their lower bound, not in the model's sorted-string order.
        List<Row> labels = faces.select(Arrays.stream(Task.values())
                .map(t -> map_keys(col(t.key() + ".probabilities"))).toArray(Column[]::new)).limit(1).collectAsList();
        for (Task task : Task.values()) {
            Map<String, Long> byLabel = counts(faces, col(task.key() + ".label"));
            long faceCount = byLabel.values().stream().mapToLong(Long::longValue).sum();
            Map<String, Long> all = new LinkedHashMap<>();
            if (!labels.isEmpty()) {
                List<String> modelOrder = labels.get(0).getList(task.ordinal());
                for (String label : DisplayOrder.sorted(modelOrder)) all.put(label, 0L);
            }
            all.putAll(byLabel);
            all.forEach((label, n) -> lines.add(new Line("perceived_" + task.key(), label, n, faceCount)));
        }
        return new AuditSummary(lines);
    }

    private static Map<String, Long> counts(Dataset<Row> rows, Column key) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Row r : rows.groupBy(key.as("key")).count().collectAsList()) counts.put(r.getString(0), r.getLong(1));
        return counts;
    }

    Dataset<Row> toDataFrame(SparkSession spark) {
        return spark.createDataFrame(rows.stream().map(Line::toRow).toList(), SCHEMA);
    }

    /** A table for the console; the labels are perceived, as every output says. */
    void print(PrintStream out) {
        out.printf(Locale.ROOT, "%-17s %-16s %10s %10s %8s  %s%n", "attribute", "label", "count", "of", "share", "95% Wilson interval");
        for (Line line : rows) {
            WilsonInterval ci = line.interval();
            out.printf(Locale.ROOT, "%-17s %-16s %10d %10d %8s  %s%n", line.attribute(), line.label(), line.count(), line.total(),
                    ci == null ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * line.proportion()),
                    ci == null ? "-" : String.format(Locale.ROOT, "%.1f - %.1f %%", 100 * ci.low(), 100 * ci.high()));
        }
    }
}
