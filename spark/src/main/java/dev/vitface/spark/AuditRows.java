package dev.vitface.spark;

import dev.vitface.classify.FaceFields;
import dev.vitface.classify.FacePrediction;
import dev.vitface.classify.TaskPrediction;
import dev.vitface.faces.FaceBox;
import dev.vitface.faces.FaceLandmarks;
import dev.vitface.faces.Point;
import dev.vitface.model.Task;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The audit's output: one row per face, one {@code no_face} row per image without a face, one
 * {@code error} row per image that could not be read, so that an audit's denominators stay right;
 * the statuses are {@link FaceFields}', as {@code vitface classify} writes them.
 * The attribute columns are the model's perceived labels, never anyone's identity; the column
 * comments say so and travel with the Parquet schema.
 */
public final class AuditRows {
    private static final StructType POINT = new StructType()
            .add("x", DataTypes.DoubleType, false)
            .add("y", DataTypes.DoubleType, false);
    private static final StructType BOX = new StructType()
            .add("x", DataTypes.DoubleType, false)
            .add("y", DataTypes.DoubleType, false)
            .add("width", DataTypes.DoubleType, false)
            .add("height", DataTypes.DoubleType, false);
    /** BlazeFace's six points, named from the subject's side (FaceLandmarks). */
    static final List<String> LANDMARKS = List.of("right_eye", "left_eye", "nose_tip", "mouth", "right_ear", "left_ear");
    private static final StructType LANDMARK_POINTS = landmarkType();
    private static final StructType PREDICTION = new StructType()
            .add("label", DataTypes.StringType, false)
            .add("probability", DataTypes.DoubleType, false)
            .add("probabilities", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false), false);

    public static final StructType SCHEMA = schema();

    private AuditRows() {}

    private static StructType landmarkType() {
        StructType t = new StructType();
        for (String name : LANDMARKS) t = t.add(name, POINT, false);
        return t;
    }

    private static StructType schema() {
        List<StructField> fields = new ArrayList<>(List.of(
                DataTypes.createStructField("path", DataTypes.StringType, true)
                        .withComment("the image: its file path or URI, or the input table's path column"),
                DataTypes.createStructField("face", DataTypes.IntegerType, true)
                        .withComment("the face's index in its image, from 0; null on no_face and error rows"),
                DataTypes.createStructField("status", DataTypes.StringType, false)
                        .withComment("ok (one face), no_face (an image without a face), error (an unreadable image)"),
                DataTypes.createStructField("error", DataTypes.StringType, true)
                        .withComment("what is wrong with the image, on error rows"),
                DataTypes.createStructField("box", BOX, true)
                        .withComment("the face in image pixels: top-left corner, width, height"),
                DataTypes.createStructField("score", DataTypes.DoubleType, true)
                        .withComment("the face detector's confidence; null when each image is taken as one face crop"),
                DataTypes.createStructField("landmarks", LANDMARK_POINTS, true)
                        .withComment("the face detector's key points; null when each image is taken as one face crop")));
        for (Task task : Task.values()) {
            fields.add(DataTypes.createStructField(task.key(), PREDICTION, true)
                    .withComment("perceived " + task.key() + " as the model estimates it (most probable label, its"
                            + " probability, the whole distribution); not the person's self-identified " + task.key()));
        }
        fields.add(DataTypes.createStructField("model_sha256", DataTypes.StringType, false)
                .withComment("SHA-256 of the model.safetensors that made the predictions"));
        return DataTypes.createStructType(fields);
    }

    /** The row of face {@code index} of an image; {@code score} and {@code landmarks} may be null (a crop). */
    static Row face(String path, int index, FaceBox box, Double score, FaceLandmarks landmarks, FacePrediction prediction,
                    String modelSha256) {
        Object[] values = new Object[SCHEMA.size()];
        values[0] = path;
        values[1] = index;
        values[2] = FaceFields.OK;
        values[4] = box(box);
        values[5] = score;
        values[6] = landmarks == null ? null : landmarks(landmarks);
        int column = 7;
        for (Task task : Task.values()) values[column++] = prediction(prediction.get(task));
        values[column] = modelSha256;
        return RowFactory.create(values);
    }

    static Row noFace(String path, String modelSha256) {
        return withoutFace(path, FaceFields.NO_FACE, null, modelSha256);
    }

    static Row error(String path, String problem, String modelSha256) {
        return withoutFace(path, FaceFields.ERROR, problem, modelSha256);
    }

    private static Row withoutFace(String path, String status, String error, String modelSha256) {
        Object[] values = new Object[SCHEMA.size()];
        values[0] = path;
        values[2] = status;
        values[3] = error;
        values[values.length - 1] = modelSha256;
        return RowFactory.create(values);
    }

    private static Row box(FaceBox b) {
        return RowFactory.create(b.x(), b.y(), b.width(), b.height());
    }

    private static Row landmarks(FaceLandmarks l) {
        return RowFactory.create(point(l.rightEye()), point(l.leftEye()), point(l.noseTip()), point(l.mouth()),
                point(l.rightEar()), point(l.leftEar()));
    }

    private static Row point(Point p) {
        return RowFactory.create(p.x(), p.y());
    }

    /** As {@code vitface classify --format jsonl} writes a head: label, probability, probabilities. */
    private static Row prediction(TaskPrediction p) {
        // Spark's row encoder takes a Scala map; the distribution keeps the model's label order.
        return RowFactory.create(p.label(), p.probability(), CollectionConverters.asScala(p.probabilities()));
    }
}
