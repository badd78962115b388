package dev.vitface.backend.cpu;

import java.lang.foreign.MemorySegment;
import org.bytedeco.javacpp.FloatPointer;

/**
 * A JavaCPP {@link FloatPointer} onto a float inside a native {@link MemorySegment}, so cblas
 * reads mapped weights and workspace buffers in place (no copy). The pointer owns nothing; the
 * segment's arena must stay open while it is used. {@code address} and {@code limit} are
 * protected fields of {@code Pointer}, set here as JavaCPP's own subclasses do.
 */
final class SegmentPointer extends FloatPointer {
    SegmentPointer(MemorySegment segment, long floatOffset) {
        if (!segment.isNative()) throw new IllegalArgumentException("BLAS needs native memory, not a heap segment");
        long floats = segment.byteSize() / Float.BYTES;
        if (floatOffset < 0 || floatOffset > floats) {
            throw new IndexOutOfBoundsException("offset " + floatOffset + " outside a segment of " + floats + " floats");
        }
        this.address = segment.address() + floatOffset * Float.BYTES;
        this.position = 0;
        this.limit = floats - floatOffset;
        this.capacity = this.limit;
    }
}
