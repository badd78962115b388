package dev.vitface.preprocess;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An image file that cannot be decoded: missing, empty, not an image, truncated, corrupt, of an
 * unsupported kind, or larger than the pixel limit. The message names the file and the problem.
 */
public final class ImageDecodeException extends IOException {
    private final transient Path file;

    public ImageDecodeException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public ImageDecodeException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The problem alone, without the file's name in front (for a table whose rows already name it). */
    public String problem() {
        return getMessage().substring(file.toString().length() + 2);
    }
}
