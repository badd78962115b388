package dev.vitface.spark;

import dev.vitface.classify.FaceRegion;
import dev.vitface.preprocess.RgbImage;
import java.io.Serializable;
import java.util.List;

/**
 * The faces of one decoded image: the one seam between the audit job and face detection. The
 * driver builds one ({@link FaceSources#forMode}) and Spark ships it to every task, so an
 * implementation is serializable and loads anything heavy (a detector's weights) lazily, once per
 * executor JVM. {@link #faces} runs on one task thread at a time per instance.
 */
public interface FaceSource extends Serializable {

    /** The faces found, in a stable order (row {@code face} is the index); empty when there are none. */
    List<FaceRegion> faces(RgbImage image);

    /**
     * Whether images are decoded with their EXIF orientation applied whatever
     * {@code --exif-transpose} says: detection always is, as in {@code vitface classify}.
     */
    default boolean appliesExifOrientation() {
        return false;
    }
}
