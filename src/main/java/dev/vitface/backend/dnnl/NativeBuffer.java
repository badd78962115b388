package dev.vitface.backend.dnnl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A native scratch buffer that only ever grows: one thread's BF16 copy of a matmul's operands, or
 * its oneDNN scratchpad. It reaches its largest size in the first forward pass, after which no
 * call allocates. Used by one thread at a time; closed by whoever closes the backend.
 */
final class NativeBuffer implements AutoCloseable {
    private Arena arena;
    private MemorySegment segment = MemorySegment.NULL;

    /** At least {@code bytes} bytes, 64-byte aligned; the contents are not kept when it grows. */
    MemorySegment atLeast(long bytes) {
        if (segment.byteSize() < bytes) {
            close();
            arena = Arena.ofShared();
            segment = arena.allocate(bytes, 64);
        }
        return segment;
    }

    @Override
    public void close() {
        if (arena != null) arena.close();
        arena = null;
        segment = MemorySegment.NULL;
    }
}
