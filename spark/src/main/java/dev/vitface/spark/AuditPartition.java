package dev.vitface.spark;

import dev.vitface.preprocess.ImageDecoder;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * What each task runs on its partition of {@code (path, content)} rows: a lazy iterator of audit
 * rows ({@link FaceRowIterator}) over the executor's one engine ({@link EngineHolder}).
 *
 * <p>The engine gets {@code spark.task.cpus} threads: the cores the scheduler reserved for this
 * task. Tasks of one executor share its engine, whose forward passes take turns, so on the CPU
 * set {@code spark.task.cpus} to {@code spark.executor.cores} (docs/SPARK.md).
 *
 * @param model         the model and how to run it
 * @param faces         how an image becomes faces
 * @param pixelLimit    images with more pixels are refused before decoding
 * @param exifTranspose apply the EXIF orientation when decoding
 */
record AuditPartition(ModelSpec model, FaceSource faces, long pixelLimit, boolean exifTranspose)
        implements MapPartitionsFunction<Row, Row> {

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        int threads = taskCpus();
        ImageDecoder decoder = ImageDecoder.defaults().withPixelLimit(pixelLimit).withExifTranspose(exifTranspose);
        return new FaceRowIterator(input, decoder, faces, () -> EngineHolder.engine(model, threads), model.batch(),
                model.sha256());
    }

    /** {@code spark.task.cpus} as the scheduler applied it to this task (1 outside a task). */
    private static int taskCpus() {
        TaskContext task = TaskContext.get();
        return task == null ? 1 : Math.max(1, task.cpus());
    }
}
