package dev.vitface.spark;

import dev.vitface.classify.FaceMode;

/** The {@link FaceSource} of each {@code --faces} mode. */
public final class FaceSources {
    private FaceSources() {}

    public static FaceSource forMode(FaceMode mode) {
        return switch (mode) {
            case CROP -> WholeImageFaces.INSTANCE;
            case DETECT -> DetectedFaces.INSTANCE;
        };
    }
}
