package dev.vitface.backend.dnnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class Bf16SupportTest {
    @Test
    void oneDnnFailingToLoadWithoutAMessageIsStillAProblem() {
        // #13: the problem was the error's message; null read as "no problem", so BF16 counted as available.
        Bf16Support support = Bf16Support.probe(() -> {
            throw new UnsatisfiedLinkError();
        });
        assertFalse(support.available());
        assertNull(support.isa());
        assertEquals("UnsatisfiedLinkError", support.problem());
    }

    @Test
    void oneDnnFailingToLoadIsNamedByItsMessage() {
        Bf16Support support = Bf16Support.probe(() -> {
            throw new UnsatisfiedLinkError("libdnnl.so.3: cannot open shared object file");
        });
        assertEquals("libdnnl.so.3: cannot open shared object file", support.problem());
    }
}
