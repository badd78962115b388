package dev.vitface.serve;

import dev.vitface.faces.DetectedFace;
import dev.vitface.faces.FaceBox;
import dev.vitface.faces.FaceDetector;
import dev.vitface.faces.align.FaceChips;
import java.util.ArrayList;
import java.util.List;

/** The one place that maps a {@link FaceMode} to its {@link FaceFinder}. */
public final class FaceFinders {
    private FaceFinders() {}

    /** The whole photo as one face: box = the image, no score, no landmarks. */
    public static final FaceFinder WHOLE_IMAGE =
            photo -> List.of(new FaceRegion(new FaceBox(0, 0, photo.width(), photo.height()), null, null, photo));

    /**
     * Every face the default detector finds (BlazeFace's cascade at its default threshold; the
     * detector is shared and thread-safe), best first, each with its FairFace chip (300 px, padding
     * 0.25), as {@code classify --faces detect} does (docs/FACES.md).
     */
    public static final FaceFinder DETECTED = photo -> {
        List<FaceRegion> regions = new ArrayList<>();
        for (DetectedFace face : FaceDetector.standard().detect(photo)) {
            regions.add(new FaceRegion(face.box(), face.score(), face.landmarks(), FaceChips.extract(photo, face.landmarks())));
        }
        return regions;
    };

    /** The finder of each mode. */
    public static FaceFinder forMode(FaceMode mode) {
        return switch (mode) {
            case CROP -> WHOLE_IMAGE;
            case DETECT -> DETECTED;
        };
    }
}
