package dev.vitface.spark;

import dev.vitface.cli.UsageException;

/**
 * The {@link FaceSource} for each {@code --faces} mode; called while the arguments are checked,
 * so a mode this build cannot run fails before Spark starts.
 *
 * <p>To wire detection (issue #14): return a {@link FaceSource} whose {@code faces} runs
 * {@code dev.vitface.faces.FaceDetector.detect(image)} and, for each {@code DetectedFace}, cuts
 * its chip with {@code dev.vitface.faces.align} and returns {@link Face#detected}; then make
 * {@link FaceMode#DEFAULT} DETECT.
 */
public final class FaceSources {
    private FaceSources() {}

    public static FaceSource forMode(FaceMode mode) {
        return switch (mode) {
            case CROP -> WholeImageFaces.INSTANCE;
            case DETECT -> throw new UsageException("--faces detect: this build of vitface-spark has no face detection"
                    + " yet; give it face crops with --faces crop (each image is one face)");
        };
    }
}
