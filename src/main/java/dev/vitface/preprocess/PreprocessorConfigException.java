package dev.vitface.preprocess;

import java.io.IOException;

/** A {@code preprocessor_config.json} that cannot be read or asks for something unsupported; the message names the file. */
public final class PreprocessorConfigException extends IOException {
    public PreprocessorConfigException(String message) {
        super(message);
    }

    public PreprocessorConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
