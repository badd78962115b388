package dev.vitface.backend;

import dev.vitface.util.FailureText;

/**
 * A native library that could not be loaded, named: a backend built on two libraries (oneDNN
 * and OpenBLAS for bf16) reports which one failed, and whoever catches the {@link LinkageError}
 * can pass its message on as it is.
 */
public final class NativeLoadError {
    private NativeLoadError() {}

    /** An {@link UnsatisfiedLinkError} saying "{@code library} could not be loaded (cause)". */
    public static UnsatisfiedLinkError of(String library, LinkageError cause) {
        String detail = FailureText.of(cause);
        UnsatisfiedLinkError named = new UnsatisfiedLinkError(library + " could not be loaded (" + detail + ")");
        named.initCause(cause);
        return named;
    }
}
