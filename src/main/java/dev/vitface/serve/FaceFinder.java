package dev.vitface.serve;

import dev.vitface.classify.FaceRegion;
import dev.vitface.preprocess.RgbImage;
import java.util.List;

/** Finds the faces of a photo. Runs on the request's thread; must be thread-safe. */
@FunctionalInterface
public interface FaceFinder {
    /** The faces, in the order the answer lists them; empty when there is none. */
    List<FaceRegion> find(RgbImage photo);
}
