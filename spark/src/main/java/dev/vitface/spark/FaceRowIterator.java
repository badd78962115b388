package dev.vitface.spark;

import dev.vitface.FaceAttributes;
import dev.vitface.classify.FacePrediction;
import dev.vitface.classify.FaceRegion;
import dev.vitface.faces.FaceBox;
import dev.vitface.faces.FaceLandmarks;
import dev.vitface.preprocess.ImageDecodeException;
import dev.vitface.preprocess.ImageDecoder;
import dev.vitface.util.FailureText;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;

/**
 * Audit rows of one partition, computed as they are asked for: images are read from the input
 * until {@code batch} faces wait, those run through the model in one forward pass, and their rows
 * (with the no_face and error rows of the images between them) come out in input order. A face
 * waits as its model input ({@code 3 × 224 × 224} floats for ViT-L/14), not as its decoded image:
 * at most {@code batch} faces plus those of one image, and one decoded image, are held whatever the
 * partition's size; the partition is never materialised.
 *
 * <p>Input rows are {@code (path string, content binary)}. A bad image becomes an error row and
 * the partition goes on; a failure of the model itself fails the task (Spark retries it).
 */
final class FaceRowIterator implements Iterator<Row> {
    private final Iterator<Row> input;
    private final ImageDecoder decoder;
    private final FaceSource faceSource;
    private final Supplier<FaceAttributes> model;
    private final int batch;
    private final String modelSha256;

    /** Rows of images read so far, in input order: finished rows, or faces waiting for the model. */
    private final List<Object> pending = new ArrayList<>();
    private final List<float[]> waitingPixels = new ArrayList<>();
    private final Deque<Row> ready = new ArrayDeque<>();

    /** A face's row, but for the prediction; its pixels wait in {@link #waitingPixels}. */
    private record WaitingFace(String path, int index, FaceBox box, Double score, FaceLandmarks landmarks) {}

    FaceRowIterator(Iterator<Row> input, ImageDecoder decoder, FaceSource faceSource, Supplier<FaceAttributes> model,
                    int batch, String modelSha256) {
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        this.input = input;
        this.decoder = decoder;
        this.faceSource = faceSource;
        this.model = model;
        this.batch = batch;
        this.modelSha256 = modelSha256;
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && (input.hasNext() || !pending.isEmpty())) {
            while (input.hasNext() && waitingPixels.size() < batch) read(input.next());
            flush();
        }
        return !ready.isEmpty();
    }

    @Override
    public Row next() {
        if (!hasNext()) throw new NoSuchElementException();
        return ready.removeFirst();
    }

    private void read(Row row) {
        String path = row.getString(0);
        if (path == null) {
            pending.add(AuditRows.error(null, "the input row has no path", modelSha256));
            return;
        }
        if (row.isNullAt(1)) {
            pending.add(AuditRows.error(path, "the input row has no image data (null content)", modelSha256));
            return;
        }
        List<FaceRegion> faces;
        try {
            faces = faceSource.faces(decoder.decode((byte[]) row.get(1), path));
        } catch (ImageDecodeException e) {
            pending.add(AuditRows.error(path, e.problem(), modelSha256));
            return;
        } catch (RuntimeException | OutOfMemoryError e) {
            // One image must not end an audit of millions: a decoder or detector failure on odd
            // data is that image's error row.
            pending.add(AuditRows.error(path, describe(e), modelSha256));
            return;
        }
        if (faces.isEmpty()) {
            pending.add(AuditRows.noFace(path, modelSha256));
            return;
        }
        for (int i = 0; i < faces.size(); i++) {
            FaceRegion face = faces.get(i);
            pending.add(new WaitingFace(path, i, face.box(), face.score(), face.landmarks()));
            waitingPixels.add(model.get().pixelValues(face.chip()));
        }
    }

    private void flush() {
        List<FacePrediction> predictions = waitingPixels.isEmpty() ? List.of() : model.get().classifyPixelValues(waitingPixels);
        int k = 0;
        for (Object item : pending) {
            if (item instanceof WaitingFace w) {
                ready.add(AuditRows.face(w.path(), w.index(), w.box(), w.score(), w.landmarks(), predictions.get(k++),
                        modelSha256));
            } else {
                ready.add((Row) item);
            }
        }
        pending.clear();
        waitingPixels.clear();
    }

    /** The exception's class and {@link FailureText#of} its chain, never "null": "IllegalStateException: why". */
    static String describe(Throwable e) {
        String name = e.getClass().getSimpleName();
        String text = FailureText.of(e);
        return text.equals(name) ? name : name + ": " + text;
    }
}
