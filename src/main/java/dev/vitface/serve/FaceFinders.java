package dev.vitface.serve;

import dev.vitface.classify.FaceDetection;
import dev.vitface.classify.FaceMode;
import dev.vitface.classify.FaceRegion;
import java.util.List;

/** The one place that maps a {@link FaceMode} to its {@link FaceFinder}. */
public final class FaceFinders {
    private FaceFinders() {}

    /** The whole photo as one face: box = the image, no detection. */
    private static final FaceFinder WHOLE_IMAGE =
            photo -> List.of(FaceRegion.wholeImage(photo));

    /**
     * Every face the default detection finds ({@link FaceDetection#defaults()}: the cascade at its
     * default threshold; the detector is shared and thread-safe), best first, each with its FairFace
     * chip: {@link FaceDetection#faceChips}, what {@code classify --faces detect} runs.
     */
    private static final FaceFinder DETECTED =
            photo -> FaceDetection.defaults().faceChips(photo).stream().map(FaceRegion::detected).toList();

    /** The finder of each mode. */
    public static FaceFinder forMode(FaceMode mode) {
        return switch (mode) {
            case CROP -> WHOLE_IMAGE;
            case DETECT -> DETECTED;
        };
    }
}
