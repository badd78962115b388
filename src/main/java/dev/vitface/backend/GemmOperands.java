package dev.vitface.backend;

import java.lang.foreign.MemorySegment;

/**
 * The check every native {@link Gemm} makes before the library sees an operand: BLAS trusts its
 * arguments, and a wrong extent would read or write outside the mapping.
 */
public final class GemmOperands {
    private GemmOperands() {}

    /** A row-major {@code rows×cols} operand with leading dimension {@code ld} from float {@code off} must fit in {@code s}. */
    public static void checkExtent(String name, MemorySegment s, long off, int rows, int cols, int ld) {
        if (rows < 0 || cols < 0 || ld < Math.max(1, cols) || off < 0) {
            throw new IllegalArgumentException(name + ": bad shape " + rows + "x" + cols + " ld " + ld + " offset " + off);
        }
        long lastFloat = rows == 0 || cols == 0 ? off : off + (long) (rows - 1) * ld + cols;
        if (lastFloat * Float.BYTES > s.byteSize()) {
            throw new IndexOutOfBoundsException(name + ": " + rows + "x" + cols + " (ld " + ld + ") at offset "
                    + off + " exceeds a segment of " + s.byteSize() / Float.BYTES + " floats");
        }
    }

    /** {@link #checkExtent}, and {@code s} must be native memory: {@code library} reads the operand at its address. */
    public static void checkNativeExtent(String library, String name, MemorySegment s, long off, int rows, int cols, int ld) {
        checkExtent(name, s, off, rows, cols, ld);
        if (!s.isNative()) throw new IllegalArgumentException(name + ": " + library + " needs native memory, not a heap segment");
    }
}
