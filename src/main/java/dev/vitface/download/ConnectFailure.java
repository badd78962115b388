package dev.vitface.download;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;

/**
 * Why something failed, in words for one line of a message; never "null". The JDK's HTTP client
 * throws chains in which no exception has a message (a {@link ConnectException} caused by an
 * {@link UnresolvedAddressException}, for one), so {@code getMessage()} alone is not enough.
 */
final class FailureText {
    /** Cause chains are short; the bound only guards against a cycle. */
    private static final int MAX_DEPTH = 16;

    private FailureText() {}

    /** The first message along the cause chain, else the name of the innermost exception's class. */
    static String of(Throwable e) {
        Throwable t = e;
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            String message = t.getMessage();
            if (message != null && !message.isBlank()) return message;
            if (t.getCause() == null) break;
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }

    /** Why a connection to {@code host} could not be made. */
    static String connect(ConnectException e, String host) {
        Throwable root = innermost(e);
        if (root instanceof UnresolvedAddressException || root instanceof UnknownHostException) {
            return "the host name " + host + " could not be resolved: offline, or a DNS problem";
        }
        // The client retries a refused connect on the channel the refusal closed: the refusal's
        // own message is lost, only this remains.
        if (root instanceof ClosedChannelException) return "the connection was refused or dropped";
        return of(e);
    }

    private static Throwable innermost(Throwable e) {
        Throwable t = e;
        for (int depth = 0; depth < MAX_DEPTH && t.getCause() != null; depth++) t = t.getCause();
        return t;
    }
}
