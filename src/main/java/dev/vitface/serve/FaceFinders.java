package dev.vitface.serve;

import dev.vitface.faces.FaceBox;
import java.util.List;

/**
 * The one place that maps a {@link FaceMode} to its {@link FaceFinder}. Detection (issue 14) is
 * wired here: build the finder from {@code dev.vitface.faces.FaceDetector} and the alignment's
 * {@code extract}, and return it for {@link FaceMode#DETECT}.
 */
public final class FaceFinders {
    static final String DETECTION_UNAVAILABLE = "face detection is not available in this build";

    private FaceFinders() {}

    /** The whole photo as one face: box = the image, no score, no landmarks. */
    public static final FaceFinder WHOLE_IMAGE =
            photo -> List.of(new FaceRegion(new FaceBox(0, 0, photo.width(), photo.height()), null, null, photo));

    /** The finder of each mode in this build; {@link FaceMode#DETECT} answers 501 until detection lands. */
    public static FaceFinder forMode(FaceMode mode) {
        return switch (mode) {
            case CROP -> WHOLE_IMAGE;
            case DETECT -> throw new ApiException(501, DETECTION_UNAVAILABLE);
        };
    }
}
