package dev.vitface.backend.cuda;

import java.util.ArrayList;
import java.util.List;

/**
 * Owns a group of device buffers with one lifetime (a model's weights, a workspace): each
 * allocation is recorded, and {@link #close()} frees them all, newest first, even if one free
 * fails (the first failure is rethrown after the rest are freed).
 */
public final class DeviceArena implements AutoCloseable {
    private final List<DeviceBuffer> buffers = new ArrayList<>();
    private long bytes;

    public DeviceBuffer allocate(String name, long size) {
        DeviceBuffer b = DeviceBuffer.allocate(name, size);
        buffers.add(b);
        bytes += size;
        return b;
    }

    /** Device memory held, in bytes. */
    public long byteSize() {
        return bytes;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (int i = buffers.size() - 1; i >= 0; i--) {
            try {
                buffers.get(i).close();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        buffers.clear();
        bytes = 0;
        if (first != null) throw first;
    }
}
