package dev.vitface.backend;

import dev.vitface.kernels.Kernels;
import java.lang.foreign.MemorySegment;

/**
 * Attention's softmax, as {@link Kernels#softmaxRows} defines it: in place, each of {@code rows}
 * rows over its first {@code cols} values, rows {@code ld} floats apart, offsets in floats. Its
 * own interface because a backend may run it natively ({@link Backend#softmax()}); everything
 * else element-wise stays with the {@link Kernels}.
 */
@FunctionalInterface
public interface RowSoftmax {
    void softmaxRows(MemorySegment s, long off, int rows, int cols, int ld);
}
