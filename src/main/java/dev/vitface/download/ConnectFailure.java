package dev.vitface.download;

import dev.vitface.util.FailureText;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;

/**
 * Why a connection could not be made, in words a user can act on. The JDK's HTTP client throws
 * chains in which no exception has a message (a {@link ConnectException} caused by an
 * {@link UnresolvedAddressException}, for one): the innermost exception's type says what happened.
 */
final class ConnectFailure {
    private ConnectFailure() {}

    /** Why a connection to {@code host} could not be made. */
    static String describe(ConnectException e, String host) {
        Throwable root = FailureText.innermost(e);
        if (root instanceof UnresolvedAddressException || root instanceof UnknownHostException) {
            return "the host name " + host + " could not be resolved: offline, or a DNS problem";
        }
        // The client retries a refused connect on the channel the refusal closed: the refusal's
        // own message is lost, only this remains.
        if (root instanceof ClosedChannelException) return "the connection was refused or dropped";
        return FailureText.of(e);
    }
}
