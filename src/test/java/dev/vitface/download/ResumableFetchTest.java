package dev.vitface.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResumableFetchTest {
    /** Writes at most a few bytes per call, as {@link WritableByteChannel#write} is allowed to. */
    private static final class TricklingChannel implements WritableByteChannel {
        private final ByteArrayOutputStream written = new ByteArrayOutputStream();
        private int calls;

        @Override
        public int write(ByteBuffer src) {
            int n = Math.min(src.remaining(), 1 + calls++ % 7);
            for (int i = 0; i < n; i++) written.write(src.get());
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }

    @Test
    void partialWritesAreContinuedUntilEveryByteIsWritten() throws Exception {
        byte[] body = new byte[10_000];
        new Random(13).nextBytes(body);
        TricklingChannel channel = new TricklingChannel();
        Progress quiet = Progress.forStream(new PrintStream(ByteArrayOutputStream.nullOutputStream()), false);
        ResumableFetch.receive("f.bin", new ByteArrayInputStream(body), channel, 0, body.length, quiet, Duration.ofSeconds(60));
        assertArrayEquals(body, channel.written.toByteArray());
    }

    @Test
    void connectFailureNamesTheCauseWhenTheJdkGivesNoMessage() {
        // The chains java.net.http throws offline and against a closed port: no message anywhere.
        ConnectException offline = new ConnectException();
        offline.initCause(new UnresolvedAddressException());
        ConnectException refused = new ConnectException();
        refused.initCause(new ClosedChannelException());
        assertEquals("the host name huggingface.co could not be resolved: offline, or a DNS problem",
                ConnectFailure.describe(offline, "huggingface.co"));
        assertEquals("the host name huggingface.co could not be resolved: offline, or a DNS problem",
                ConnectFailure.describe(withCause(new UnknownHostException("huggingface.co")), "huggingface.co"));
        assertEquals("the connection was refused or dropped", ConnectFailure.describe(refused, "127.0.0.1"));
        assertEquals("ConnectException", ConnectFailure.describe(new ConnectException(), "h"));
    }

    private static ConnectException withCause(Throwable cause) {
        ConnectException e = new ConnectException();
        e.initCause(cause);
        return e;
    }
}
