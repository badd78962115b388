package dev.vitface.backend.cuda;

import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * One {@code cudaMalloc} allocation and its owner: {@link #close()} frees it once. Sizes are
 * checked before the native call; views into the buffer ({@link #at}) check their offset.
 */
public final class DeviceBuffer implements AutoCloseable {
    private final String name;
    private final long bytes;
    private final long address;
    private boolean closed;

    private DeviceBuffer(String name, long bytes, long address) {
        this.name = name;
        this.bytes = bytes;
        this.address = address;
    }

    /** Allocates {@code bytes} of device memory on the current device; {@code name} appears in errors. */
    static DeviceBuffer allocate(String name, long bytes) {
        if (bytes <= 0) throw new IllegalArgumentException(name + ": cannot allocate " + bytes + " bytes");
        Pointer p = new Pointer();
        CudaChecks.cudart(cudart.cudaMalloc(p, bytes), "cudaMalloc(" + name + ", " + bytes + " bytes)");
        return new DeviceBuffer(name, bytes, p.address());
    }

    public long byteSize() {
        return bytes;
    }

    /** The buffer's start. */
    public AddressPointer pointer() {
        return at(0);
    }

    /** A view {@code offset} bytes into the buffer. */
    public AddressPointer at(long offset) {
        if (closed) throw new IllegalStateException(name + ": device buffer already freed");
        if (offset < 0 || offset >= bytes) {
            throw new IndexOutOfBoundsException(name + ": offset " + offset + " outside a buffer of " + bytes + " bytes");
        }
        return new AddressPointer(address + offset);
    }

    /**
     * A view {@code offset} bytes into the buffer as a device array of device pointers, the type
     * cuBLAS's batched calls must be given ({@link Cublas#gemmBatched}). Owns nothing.
     */
    public PointerPointer<Pointer> pointerArrayAt(long offset) {
        if (offset % Long.BYTES != 0) throw new IllegalArgumentException(name + ": pointer array at unaligned offset " + offset);
        return new PointerPointer<>(at(offset));
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        CudaChecks.cudart(cudart.cudaFree(new AddressPointer(address)), "cudaFree(" + name + ")");
    }
}
