package dev.vitface.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class FailureTextTest {
    @Test
    void theOwnMessageComesFirst() {
        assertEquals("disk full", FailureText.of(new IOException("disk full", new IOException("inner"))));
    }

    @Test
    void aMessageLessExceptionGivesTheFirstMessageAlongItsCauses() {
        assertEquals("disk full", FailureText.of(new IOException(null, new IOException(" ", new IOException("disk full")))));
    }

    @Test
    void aChainWithoutAnyMessageIsNamedByItsInnermostType() {
        assertEquals("IOException", FailureText.of(new IOException((String) null)));
        assertEquals("UnsatisfiedLinkError", FailureText.of(new IllegalStateException(null, new UnsatisfiedLinkError())));
        assertEquals("IllegalStateException: UnsatisfiedLinkError",
                FailureText.chain(new IllegalStateException(null, new UnsatisfiedLinkError())));
    }

    @Test
    void aLoopingChainEndsWhereItLoopsBack() {
        IOException a = new IOException((String) null);
        IllegalStateException b = new IllegalStateException((String) null);
        a.initCause(b);
        b.initCause(a);
        assertEquals("IllegalStateException", FailureText.of(a));
        assertEquals("IOException: IllegalStateException", FailureText.chain(a));
        assertSame(b, FailureText.innermost(a));
    }

    @Test
    void theChainNamesEveryLinkInOrder() {
        UncheckedIOException e = new UncheckedIOException("cannot decode", new IOException(null, new IOException("bad crc")));
        assertEquals("cannot decode: IOException: bad crc", FailureText.chain(e));
    }

    @Test
    void theChainIsOneLineLong() {
        Throwable e = new IOException("x".repeat(200));
        for (int i = 0; i < 10; i++) e = new IOException("y".repeat(200), e);
        String chain = FailureText.chain(e);
        assertEquals(2 * 200 + ": ".length(), chain.length(), "stops once it passed 300 characters");
    }

    @Test
    void theInnermostExceptionStartedTheChain() {
        IOException root = new IOException("root");
        assertSame(root, FailureText.innermost(new IllegalStateException("top", new IOException("middle", root))));
        assertSame(root, FailureText.innermost(root));
    }
}
