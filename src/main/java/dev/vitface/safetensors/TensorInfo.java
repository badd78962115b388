package dev.vitface.safetensors;

import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor's header entry. {@code begin} and {@code end} are byte offsets relative to the first
 * byte after the header, {@code [begin, end)}. Instances from {@link SafetensorsFile} have been
 * validated: {@code end - begin == elementCount() * dtype.byteSize()} without overflow.
 */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {

    public TensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone();
        for (long dim : shape) {
            if (dim < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
        }
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("bad data offsets [" + begin + ", " + end + ")");
        }
    }

    /** A copy: the record stays immutable. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /**
     * Product of the shape; 1 for a 0-rank scalar. Folded left to right with
     * {@link Math#multiplyExact}, so an overflowing prefix throws even if a later dimension is 0.
     */
    public long elementCount() {
        long n = 1;
        for (long dim : shape) n = Math.multiplyExact(n, dim);
        return n;
    }

    /** {@code end - begin}: the bytes the tensor occupies in the file. */
    public long byteSize() {
        return end - begin;
    }

    /** The shape as {@code "[257, 1024]"}; {@code "[]"} for a scalar. */
    public String shapeString() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t
                && name.equals(t.name) && dtype == t.dtype && Arrays.equals(shape, t.shape)
                && begin == t.begin && end == t.end;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), begin, end);
    }

    @Override
    public String toString() {
        return name + " " + dtype + shapeString() + " @[" + begin + ", " + end + ")";
    }
}
