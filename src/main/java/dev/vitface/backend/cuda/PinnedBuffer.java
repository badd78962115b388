package dev.vitface.backend.cuda;

import java.lang.foreign.MemorySegment;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Pointer;

/**
 * Page-locked host memory ({@code cudaMallocHost}), seen from Java as a {@link MemorySegment}:
 * the staging area for pixels going up and logits coming down, so those copies are asynchronous
 * on the stream (and can sit inside a CUDA graph). Freed once by {@link #close()}.
 */
public final class PinnedBuffer implements AutoCloseable {
    private final String name;
    private final MemorySegment segment;
    private boolean closed;

    private PinnedBuffer(String name, MemorySegment segment) {
        this.name = name;
        this.segment = segment;
    }

    public static PinnedBuffer allocate(String name, long bytes) {
        if (bytes <= 0) throw new IllegalArgumentException(name + ": cannot allocate " + bytes + " bytes");
        Pointer p = new Pointer();
        CudaChecks.cudart(cudart.cudaMallocHost(p, bytes), "cudaMallocHost(" + name + ", " + bytes + " bytes)");
        return new PinnedBuffer(name, MemorySegment.ofAddress(p.address()).reinterpret(bytes));
    }

    public MemorySegment segment() {
        if (closed) throw new IllegalStateException(name + ": pinned buffer already freed");
        return segment;
    }

    public AddressPointer pointer() {
        return new AddressPointer(segment().address());
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        CudaChecks.cudart(cudart.cudaFreeHost(new AddressPointer(segment.address())), "cudaFreeHost(" + name + ")");
    }
}
