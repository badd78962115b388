package dev.vitface.spark;

import dev.vitface.classify.FaceDetection;
import dev.vitface.classify.FaceRegion;
import dev.vitface.preprocess.RgbImage;
import java.util.List;

/**
 * {@code --faces detect}: every face the default detection finds ({@link FaceDetection#defaults()},
 * the cascade at its default threshold), in the detector's order, each with its FairFace chip.
 * Both come from {@link FaceDetection#faceChips}, the step {@code vitface classify --faces detect}
 * and {@code FaceAttributes.analyze} run, so an audit row and a classify line of the same photo
 * cannot drift apart. The detector's weights load on first use in each JVM and are shared by its
 * tasks (they are immutable).
 */
final class DetectedFaces implements FaceSource {
    static final DetectedFaces INSTANCE = new DetectedFaces();

    private DetectedFaces() {}

    @Override
    public List<FaceRegion> faces(RgbImage image) {
        return FaceDetection.defaults().faceChips(image).stream().map(FaceRegion::detected).toList();
    }

    /** Boxes and landmarks are in the displayed image, as classify's: a photo stored sideways is searched upright. */
    @Override
    public boolean appliesExifOrientation() {
        return true;
    }

    /** One instance per JVM after deserialization too. */
    private Object readResolve() {
        return INSTANCE;
    }
}
