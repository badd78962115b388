package dev.vitface.preprocess;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An image that cannot be decoded: missing, empty, not an image, truncated, corrupt, of an
 * unsupported kind, or larger than the pixel limit. The message names the source (a file, or the
 * name given with in-memory data) and the problem.
 */
public final class ImageDecodeException extends IOException {
    private final String source;
    private final transient Path file;

    public ImageDecodeException(Path file, String problem) {
        this(file, problem, null);
    }

    public ImageDecodeException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.source = file.toString();
        this.file = file;
    }

    /** In-memory data: {@code source} is the name the caller gave it (a URI, a table's path column). */
    public ImageDecodeException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
        this.file = null;
    }

    /** The file that failed; null when the image came from memory (see {@link #source()}). */
    public Path file() {
        return file;
    }

    /** The file or in-memory source's name, as the message starts. */
    public String source() {
        return source;
    }

    /** The problem without the source's name in front. */
    public String problem() {
        return getMessage().substring(source.length() + 2);
    }
}
