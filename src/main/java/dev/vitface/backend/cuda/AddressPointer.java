package dev.vitface.backend.cuda;

import org.bytedeco.javacpp.Pointer;

/**
 * A JavaCPP {@link Pointer} holding a bare address: a place in device memory (a buffer plus an
 * offset) or in host memory that something else owns (a mapped weight, a pinned buffer). It owns
 * nothing and frees nothing. {@code address} is a protected field of {@code Pointer}, set here as
 * JavaCPP's own subclasses do (the same trick as the CPU backend's {@code SegmentPointer}).
 */
public final class AddressPointer extends Pointer {
    public AddressPointer(long address) {
        this.address = address;
    }

    /** This address plus {@code bytes}. */
    public AddressPointer plus(long bytes) {
        return new AddressPointer(address + bytes);
    }
}
