package dev.vitface.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;

import dev.vitface.model.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * How the audit rows are written. Parquet and JSON (one object per line) keep the nested columns;
 * CSV cannot hold structs or maps, so it flattens them: {@code box_x, box_y, box_width,
 * box_height}, one {@code landmarks_<point>_x/_y} pair per key point, and per attribute
 * {@code <attr>} (the label), {@code <attr>_probability} and {@code <attr>_probabilities}, the
 * whole distribution as a JSON object in one cell.
 */
enum OutputFormat {
    PARQUET, JSON, CSV;

    static final List<String> NAMES = Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toList();

    static OutputFormat parse(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** Audit rows ({@link AuditRows#SCHEMA}), flattened for CSV. */
    void writeAudit(Dataset<Row> rows, String path, boolean overwrite) {
        write(this == CSV ? flatten(rows) : rows, path, overwrite);
    }

    /** A table of plain columns, as it is. */
    void write(Dataset<Row> table, String path, boolean overwrite) {
        var writer = table.write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists);
        switch (this) {
            case PARQUET -> writer.parquet(path);
            case JSON -> writer.json(path);
            // RFC 4180 quoting, as classify --format csv writes: a quote inside a field is doubled
            // (Spark's default escapes it with a backslash, which spreadsheets and pandas misread).
            case CSV -> writer.option("header", "true").option("escape", "\"").csv(path);
        }
    }

    /** The audit rows with every struct and map spread over plain columns (see the class comment). */
    static Dataset<Row> flatten(Dataset<Row> rows) {
        List<Column> columns = new ArrayList<>(List.of(col("path"), col("face"), col("status"), col("error")));
        for (String field : List.of("x", "y", "width", "height")) columns.add(col("box." + field).as("box_" + field));
        columns.add(col("score"));
        for (String point : AuditRows.LANDMARKS) {
            for (String axis : List.of("x", "y")) {
                columns.add(col("landmarks." + point + "." + axis).as("landmarks_" + point + "_" + axis));
            }
        }
        for (Task task : Task.values()) {
            String key = task.key();
            columns.add(col(key + ".label").as(key));
            columns.add(col(key + ".probability").as(key + "_probability"));
            columns.add(to_json(col(key + ".probabilities")).as(key + "_probabilities"));
        }
        columns.add(col("model_sha256"));
        return rows.select(columns.toArray(Column[]::new));
    }
}
