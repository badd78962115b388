package dev.vitface.spark;

import dev.vitface.model.Labels;
import dev.vitface.model.ModelDirectory;
import dev.vitface.util.Sha256;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/** {@code vitface-spark audit} on a running SparkSession: input, inference, output, summary. */
final class AuditJob {
    private AuditJob() {}

    static void run(SparkSession spark, AuditOptions options, PrintStream out) throws IOException {
        ModelSpec model = modelSpec(spark, options);
        Dataset<Row> input = options.parquetInput()
                ? InputTable.parquet(spark, options.input(), options.pathColumn(), options.contentColumn())
                : InputTable.files(spark, options.input(), options.glob());
        Dataset<Row> rows = audit(input, model, options.faces(), options.pixelLimit(), options.exifTranspose(),
                options.partitions());
        // The summary reads the rows again: keep them (small: no pixels) instead of running the model twice.
        if (options.summary().isPresent()) rows = rows.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            options.format().writeAudit(rows, options.output(), options.overwrite());
            out.println("vitface-spark: wrote the audit rows (perceived attributes) to " + options.output()
                    + " (" + options.format().name().toLowerCase(Locale.ROOT) + ", model " + model.sha256() + ")");
            if (options.summary().isPresent()) {
                AuditSummary summary = AuditSummary.of(rows);
                options.format().write(summary.toDataFrame(spark).coalesce(1), options.summary().get(), options.overwrite());
                out.println("vitface-spark: summary of perceived attributes (also in " + options.summary().get() + "):");
                summary.print(out);
            }
        } finally {
            rows.unpersist();
        }
    }

    /**
     * The audit rows of {@code (path, content)} input rows, computed lazily by Spark: one
     * {@link AuditPartition} per partition, after a repartition when {@code partitions} is given.
     */
    static Dataset<Row> audit(Dataset<Row> input, ModelSpec model, FaceSource faces, long pixelLimit,
                              boolean exifTranspose, Optional<Integer> partitions) {
        Dataset<Row> images = partitions.map(input::repartition).orElse(input);
        return images.mapPartitions(new AuditPartition(model, faces, pixelLimit, exifTranspose),
                Encoders.row(AuditRows.SCHEMA));
    }

    /** Where the executors find the model, shipping it first with --ship-model, and its expected SHA-256. */
    static ModelSpec modelSpec(SparkSession spark, AuditOptions options) throws IOException {
        ModelLocation location = new ModelLocation(options.model());
        if (options.shipModel()) {
            Path dir = Path.of(options.model());
            for (String name : List.of(ModelDirectory.CONFIG, ModelDirectory.PREPROCESSOR_CONFIG, ModelDirectory.WEIGHTS,
                    Labels.FILE_NAME)) {
                Path file = dir.resolve(name);
                if (Files.isRegularFile(file)) spark.sparkContext().addFile(file.toAbsolutePath().toString());
                else if (!name.equals(Labels.FILE_NAME)) throw new IllegalArgumentException(dir + ": missing " + name);
            }
            location = ModelLocation.SPARK_FILES_ROOT;
        }
        String sha256 = options.modelSha256().isPresent() ? options.modelSha256().get() : driverSha256(location);
        return new ModelSpec(location, sha256, options.backend(), options.precision(), options.strictPrecision(),
                options.batch());
    }

    private static String driverSha256(ModelLocation location) throws IOException {
        Path weights = location.resolve().resolve(ModelDirectory.WEIGHTS);
        if (!Files.isRegularFile(weights)) {
            String where = location.inSparkFiles()
                    ? "the driver's SparkFiles have no " + weights.getFileName() + " (--model " + location + ")"
                    : "no model at " + location + " (no " + weights + "; 'bin/vitface download' fetches the published one)";
            throw new IllegalArgumentException(where + ". If only the executors can read the model, give the SHA-256"
                    + " of its model.safetensors with --model-sha256 (the Hugging Face Hub lists it)");
        }
        return Sha256.ofFile(weights); // the driver never loads the model: the file, streamed
    }
}
