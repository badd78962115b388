package dev.vitface.safetensors;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/** One tensor to write: its header entry and where its bytes come from. */
public record TensorSpec(String name, DType dtype, long[] shape, TensorSource source) {
    /** Values converted to bytes per chunk by the array factories: 64 KiB of output at a time. */
    private static final int CHUNK_BYTES = 1 << 16;

    /** Element i of a generated tensor, in row-major order. */
    @FunctionalInterface
    public interface FloatAt {
        float at(long index);
    }

    public TensorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(source, "source");
        if (name.equals(HeaderParser.METADATA_KEY)) throw new IllegalArgumentException("'__metadata__' is not a tensor name");
        if (name.indexOf('\0') >= 0) throw new IllegalArgumentException("tensor name contains NUL: " + name);
        shape = shape.clone();
        Math.multiplyExact(elementCount(name, shape), (long) dtype.byteSize()); // throws on overflow
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** product(shape) × dtype size. */
    public long byteSize() {
        return elementCount(name, shape) * dtype.byteSize(); // cannot overflow: checked in the constructor
    }

    /** product(shape), checked: no negative dimension, no overflow. */
    private static long elementCount(String name, long[] shape) {
        long n = 1;
        for (long dim : shape) {
            if (dim < 0) throw new IllegalArgumentException(name + ": negative dimension in " + Arrays.toString(shape));
            n = Math.multiplyExact(n, dim);
        }
        return n;
    }

    public static TensorSpec f32(String name, long[] shape, float[] values) {
        checkLength(name, shape, values.length);
        return new TensorSpec(name, DType.F32, shape, out -> {
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < values.length; ) {
                int n = Math.min(values.length - i, CHUNK_BYTES / Float.BYTES);
                chunk.clear().asFloatBuffer().put(values, i, n);
                out.write(chunk.array(), 0, n * Float.BYTES);
                i += n;
            }
        });
    }

    public static TensorSpec f64(String name, long[] shape, double[] values) {
        checkLength(name, shape, values.length);
        return new TensorSpec(name, DType.F64, shape, out -> {
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < values.length; ) {
                int n = Math.min(values.length - i, CHUNK_BYTES / Double.BYTES);
                chunk.clear().asDoubleBuffer().put(values, i, n);
                out.write(chunk.array(), 0, n * Double.BYTES);
                i += n;
            }
        });
    }

    public static TensorSpec u8(String name, long[] shape, byte[] values) {
        checkLength(name, shape, values.length);
        return new TensorSpec(name, DType.U8, shape, out -> out.write(values));
    }

    /** An F32 tensor computed element by element while it is written (seeded weights, say). */
    public static TensorSpec f32(String name, long[] shape, FloatAt values) {
        long count = elementCount(name, shape);
        return new TensorSpec(name, DType.F32, shape, out -> {
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (long i = 0; i < count; ) {
                int n = (int) Math.min(count - i, CHUNK_BYTES / Float.BYTES);
                chunk.clear();
                for (int k = 0; k < n; k++) chunk.putFloat(values.at(i + k));
                out.write(chunk.array(), 0, n * Float.BYTES);
                i += n;
            }
        });
    }

    /**
     * Raw little-endian bytes of any dtype, for instance a tensor of another file
     * ({@link SafetensorsFile#bytes}) or hand-made F16/BF16 bits.
     */
    public static TensorSpec raw(String name, DType dtype, long[] shape, MemorySegment littleEndianBytes) {
        long needed = Math.multiplyExact(elementCount(name, shape), (long) dtype.byteSize());
        if (littleEndianBytes.byteSize() != needed) {
            throw new IllegalArgumentException(name + ": " + littleEndianBytes.byteSize() + " bytes given, shape "
                    + Arrays.toString(shape) + " of " + dtype + " needs " + needed);
        }
        return new TensorSpec(name, dtype, shape, out -> copy(littleEndianBytes, out));
    }

    private static void copy(MemorySegment bytes, OutputStream out) throws IOException {
        byte[] chunk = new byte[CHUNK_BYTES];
        for (long at = 0; at < bytes.byteSize(); ) {
            int n = (int) Math.min(chunk.length, bytes.byteSize() - at);
            MemorySegment.copy(bytes, ValueLayout.JAVA_BYTE, at, chunk, 0, n);
            out.write(chunk, 0, n);
            at += n;
        }
    }

    private static void checkLength(String name, long[] shape, int length) {
        long expected = elementCount(name, shape);
        if (expected != length) {
            throw new IllegalArgumentException(name + ": " + length + " values given, shape "
                    + Arrays.toString(shape) + " holds " + expected);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec s && name.equals(s.name) && dtype == s.dtype
                && Arrays.equals(shape, s.shape) && source.equals(s.source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), source);
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape);
    }
}
