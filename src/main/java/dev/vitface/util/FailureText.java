package dev.vitface.util;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Why something failed, in words for a message; never "null". Many exceptions carry no message
 * of their own (an {@code UnsatisfiedLinkError} or {@code IOException} built without one, the
 * JDK HTTP client's {@code ConnectException} over an {@code UnresolvedAddressException}), so
 * {@code getMessage()} alone is not enough: every message built from an exception goes through
 * here. A cause chain may loop ({@code a.initCause(b); b.initCause(a)}); each exception is read once.
 */
public final class FailureText {
    /** How much of a chain {@link #chain} writes: one line of error output. */
    private static final int CHAIN_CHARS = 300;

    private FailureText() {}

    /** The first message along the cause chain, else the simple class name of the innermost exception. */
    public static String of(Throwable e) {
        Set<Throwable> seen = identitySet();
        Throwable last = e;
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.isBlank()) return message;
            last = t;
        }
        return last.getClass().getSimpleName();
    }

    /**
     * Every exception along the cause chain, outermost first, joined by ": ", each as its message
     * or, without one, its simple class name; cut off after about {@value #CHAIN_CHARS} characters.
     */
    public static String chain(Throwable e) {
        Set<Throwable> seen = identitySet();
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && seen.add(t) && sb.length() < CHAIN_CHARS; t = t.getCause()) {
            if (!sb.isEmpty()) sb.append(": ");
            String message = t.getMessage();
            sb.append(message == null || message.isBlank() ? t.getClass().getSimpleName() : message);
        }
        return sb.toString();
    }

    /** The last exception along the cause chain (the one that started it), or where the chain loops back. */
    public static Throwable innermost(Throwable e) {
        Set<Throwable> seen = identitySet();
        Throwable t = e;
        seen.add(t);
        while (t.getCause() != null && seen.add(t.getCause())) t = t.getCause();
        return t;
    }

    private static Set<Throwable> identitySet() {
        // Identity, not equals: an exception type may override equals, and a loop is about the same object.
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
