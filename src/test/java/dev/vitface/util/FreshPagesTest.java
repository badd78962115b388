package dev.vitface.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class FreshPagesTest {

    @Test
    void aLargeBlockIsZeroedWritableAndTwoMebibyteAlignedOnLinux() {
        long bytes = 5L * 1024 * 1024 + 12;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = FreshPages.allocate(arena, bytes);
            assertEquals(bytes, s.byteSize());
            if (System.getProperty("os.name").startsWith("Linux")) assertEquals(0, s.address() % (2L << 20));
            for (long i = 0; i < bytes; i += 4096) assertEquals(0, s.get(ValueLayout.JAVA_BYTE, i));
            s.set(ValueLayout.JAVA_BYTE, bytes - 1, (byte) 7);
            s.set(ValueLayout.JAVA_FLOAT, 0, 1.5f);
            assertEquals(7, s.get(ValueLayout.JAVA_BYTE, bytes - 1));
            assertEquals(1.5f, s.get(ValueLayout.JAVA_FLOAT, 0));
        }
    }

    @Test
    void aClosedArenaTakesTheBlockWithIt() {
        Arena arena = Arena.ofConfined();
        MemorySegment s = FreshPages.allocate(arena, 3L << 20);
        arena.close();
        assertThrows(IllegalStateException.class, () -> s.get(ValueLayout.JAVA_BYTE, 0));
    }

    @Test
    void aSmallBlockComesFromTheArena() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = FreshPages.allocate(arena, 100);
            assertEquals(100, s.byteSize());
            assertEquals(0, s.address() % 64);
        }
        assertThrows(IllegalArgumentException.class, () -> FreshPages.allocate(Arena.global(), 0));
    }
}
