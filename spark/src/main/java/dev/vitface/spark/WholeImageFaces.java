package dev.vitface.spark;

import dev.vitface.classify.FaceRegion;
import dev.vitface.preprocess.RgbImage;
import java.util.List;

/** {@code --faces crop}: every image is one face crop. */
final class WholeImageFaces implements FaceSource {
    static final WholeImageFaces INSTANCE = new WholeImageFaces();

    private WholeImageFaces() {}

    @Override
    public List<FaceRegion> faces(RgbImage image) {
        return List.of(FaceRegion.wholeImage(image));
    }

    /** One instance per JVM after deserialization too. */
    private Object readResolve() {
        return INSTANCE;
    }
}
