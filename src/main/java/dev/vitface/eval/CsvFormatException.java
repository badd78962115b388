package dev.vitface.eval;

import java.io.IOException;
import java.nio.file.Path;

/** A CSV file that cannot be read as RFC 4180 or lacks what the command needs; names file and line. */
public final class CsvFormatException extends IOException {
    public CsvFormatException(Path file, int line, String message) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message);
    }
}
