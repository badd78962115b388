package dev.vitface.download;

/** A download that could not complete; the message says which file, why, and how to retry. */
public final class DownloadException extends Exception {
    public DownloadException(String message) {
        super(message);
    }

    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
