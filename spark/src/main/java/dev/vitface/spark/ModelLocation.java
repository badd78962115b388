package dev.vitface.spark;

import java.io.Serializable;
import java.nio.file.Path;
import org.apache.spark.SparkFiles;

/**
 * Where each JVM (driver and executors) finds the model directory: a path every one of them can
 * read (shared storage, or any local path in local mode), or {@code sparkfiles:[NAME]}, a copy
 * Spark put in each JVM's SparkFiles directory: the files of {@code spark-submit --files} or
 * {@code SparkContext.addFile} (the root itself), or the folder of {@code --archives model.tgz#NAME}.
 */
public record ModelLocation(String text) implements Serializable {
    public static final String SPARK_FILES = "sparkfiles:";
    /** The SparkFiles directory itself: where {@code --files} and {@code --ship-model} put the model's files. */
    public static final ModelLocation SPARK_FILES_ROOT = new ModelLocation(SPARK_FILES);

    public boolean inSparkFiles() {
        return text.startsWith(SPARK_FILES);
    }

    /** The model directory in this JVM. In SparkFiles, it needs a running SparkContext (or executor). */
    public Path resolve() {
        if (!inSparkFiles()) return Path.of(text);
        String name = text.substring(SPARK_FILES.length());
        return name.isEmpty() || name.equals(".") ? Path.of(SparkFiles.getRootDirectory()) : Path.of(SparkFiles.get(name));
    }

    @Override
    public String toString() {
        return text;
    }
}
