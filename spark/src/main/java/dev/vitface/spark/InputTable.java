package dev.vitface.spark;

import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The images of an audit as {@code (path string, content binary)} rows: a directory tree read
 * through Spark's {@code binaryFile} source, or a Parquet table with a path and a binary column.
 * Any file system Spark reads works ({@code file:}, {@code hdfs:}, {@code s3a:} with hadoop-aws).
 */
final class InputTable {
    /** Image files by extension, in any letter case (Hadoop's glob is case-sensitive). */
    static final String IMAGE_GLOB = "*.{" + Arrays.stream(new String[] {"jpg", "jpeg", "png", "gif", "bmp", "webp"})
            .map(InputTable::anyCase).collect(Collectors.joining(",")) + "}";

    private InputTable() {}

    /** Every file under {@code dir} whose name matches {@code glob}, recursively. */
    static Dataset<Row> files(SparkSession spark, String dir, String glob) {
        return spark.read().format("binaryFile")
                .option("recursiveFileLookup", "true")
                .option("pathGlobFilter", glob)
                .load(dir)
                .select(col("path"), col("content"));
    }

    /** A Parquet table's path and content columns, checked before any image is read. */
    static Dataset<Row> parquet(SparkSession spark, String table, String pathColumn, String contentColumn) {
        Dataset<Row> df = spark.read().parquet(table);
        requireColumn(df, table, pathColumn, DataTypes.StringType, "--path-col");
        requireColumn(df, table, contentColumn, DataTypes.BinaryType, "--content-col");
        return df.select(col(pathColumn).as("path"), col(contentColumn).as("content"));
    }

    private static void requireColumn(Dataset<Row> df, String table, String name, DataType type, String option) {
        List<StructField> fields = Arrays.asList(df.schema().fields());
        StructField field = fields.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow(
                () -> new IllegalArgumentException(table + ": no column '" + name + "' (" + option + "); its columns are "
                        + fields.stream().map(f -> f.name() + " " + f.dataType().simpleString()).toList()));
        if (!field.dataType().equals(type)) {
            throw new IllegalArgumentException(table + ": column '" + name + "' (" + option + ") is "
                    + field.dataType().simpleString() + ", expected " + type.simpleString());
        }
    }

    private static String anyCase(String extension) {
        StringBuilder sb = new StringBuilder();
        for (char c : extension.toCharArray()) {
            sb.append('[').append(c).append(Character.toUpperCase(c)).append(']');
        }
        return sb.toString();
    }
}
