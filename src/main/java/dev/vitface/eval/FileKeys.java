package dev.vitface.eval;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The rule that decides whether a prediction and a label are about the same image file. Both sides
 * are reduced to a key, and they match when the keys are equal:
 *
 * <ul>
 *   <li>A label's file is relative to the images root (FairFace: {@code val/1.jpg}). Its key is
 *       that path normalised: {@code ./}, {@code a/../} and repeated separators removed.</li>
 *   <li>A prediction's file is the path as it was given to {@code classify}. If, resolved against
 *       the current directory, it lies inside the images root, its key is its path relative to the
 *       root: with the root {@code /data/fairface}, both {@code /data/fairface/val/1.jpg} and (run
 *       from {@code /data}) {@code fairface/val/1.jpg} become {@code val/1.jpg}. Otherwise it is
 *       read as relative to the root (classify was run from inside it: {@code val/1.jpg}).</li>
 *   <li>A path that leads outside the root keeps its absolute, normalised form as its key.</li>
 * </ul>
 *
 * Keys are compared exactly, as paths of this platform: case matters and nothing is looked up on
 * disk, so a predictions CSV can be evaluated without the images at hand.
 */
public final class FileKeys {
    private final Path root;

    public FileKeys(Path imagesRoot) {
        this.root = imagesRoot.toAbsolutePath().normalize();
    }

    /** The key of a labels-CSV file; empty when the name is blank or no path on this platform. */
    public Optional<String> labelKey(String file) {
        if (file.isBlank()) return Optional.empty();
        try {
            return Optional.of(keyOf(root.resolve(file)));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** The key of a file as given to classify; empty when blank or no path on this platform. */
    public Optional<String> predictionKey(String file) {
        if (file.isBlank()) return Optional.empty();
        try {
            Path fromCurrentDirectory = Path.of(file).toAbsolutePath();
            return Optional.of(keyOf(isInsideRoot(fromCurrentDirectory) ? fromCurrentDirectory : root.resolve(file)));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private String keyOf(Path absolute) {
        Path normalized = absolute.normalize();
        return isInsideRoot(normalized) ? root.relativize(normalized).toString() : normalized.toString();
    }

    private boolean isInsideRoot(Path absolute) {
        Path normalized = absolute.normalize();
        return normalized.startsWith(root) && !normalized.equals(root);
    }
}
