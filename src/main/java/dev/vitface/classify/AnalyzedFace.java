package dev.vitface.classify;

import dev.vitface.faces.DetectedFace;
import dev.vitface.faces.FaceBox;
import dev.vitface.faces.FaceLandmarks;

/**
 * One face found in a photo and classified: where the detector put it (box and landmarks in the
 * displayed image's pixels, its score 0..1) and the model's perceived age, gender and race for
 * the aligned FairFace chip cut around it.
 */
public record AnalyzedFace(FaceBox box, double score, FaceLandmarks landmarks, FacePrediction prediction) {

    public static AnalyzedFace of(DetectedFace face, FacePrediction prediction) {
        return new AnalyzedFace(face.box(), face.score(), face.landmarks(), prediction);
    }

    /** The detector's part alone. */
    public DetectedFace detection() {
        return new DetectedFace(box, score, landmarks);
    }
}
