package dev.vitface.safetensors;

import dev.vitface.kernels.Conversions;
import dev.vitface.util.HugePageCache;
import dev.vitface.util.Sha256;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * A safetensors file, validated in full and then memory-mapped once.
 *
 * <p>{@link #open} reads the 8-byte length and the header with plain reads, checks every rule
 * (see {@link HeaderLength}, {@link HeaderParser}, {@link LayoutValidator}) and only then maps
 * the file into a shared arena, so a malformed file never causes a native allocation or an
 * access outside the mapping. Offsets are {@code long} throughout: files over 2 GB work.
 *
 * <p>Tensor data is little-endian on disk. {@link #f32} hands out F32 weights in place;
 * F16/BF16 are converted once into native memory owned by this object. Everything this object
 * returns as a {@link MemorySegment} is read-only and becomes inaccessible after {@link #close}.
 * Thread-safe.
 */
public final class SafetensorsFile implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SafetensorsFile.class.getName());
    /** Files from this size on are asked for 2 MiB pages (a model's weights, not a detector's). */
    private static final long HUGE_PAGES_FROM = 64L << 20;
    private static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble DOUBLE_LE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** The largest Java array the JVM reliably allocates. */
    private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private final Path path;
    private final long fileSize;
    private final Map<String, String> metadata;
    private final List<TensorInfo> tensors;
    private final Map<String, TensorInfo> byName;
    private final Arena arena;
    /** The whole file as mapped: header and data. */
    private final MemorySegment whole;
    /** The data section: the bytes after the header; tensor offsets are relative to it. */
    private final MemorySegment data;
    /** {@link #sha256()}, computed on first use. */
    private volatile String sha256;
    /** F32 copies made by {@link #f32}, by tensor name; freed with the arena. */
    private final Map<String, MemorySegment> converted = new ConcurrentHashMap<>();
    /** Set by the one {@link #close} that closes the arena; callers racing it find it set. */
    private final AtomicBoolean closed = new AtomicBoolean();

    private SafetensorsFile(Path path, long fileSize, Layout layout, Arena arena, MemorySegment whole) {
        this.path = path;
        this.fileSize = fileSize;
        this.metadata = layout.header().metadata();
        this.tensors = layout.sorted();
        this.byName = new HashMap<>();
        for (TensorInfo t : layout.sorted()) byName.put(t.name(), t);
        this.arena = arena;
        this.whole = whole.asReadOnly();
        this.data = whole.asSlice(layout.dataStart()).asReadOnly();
    }

    /** Validates the whole file, then maps it. Every failure is a {@link SafetensorsException}. */
    public static SafetensorsFile open(Path path) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            HeaderLength.checkFileSize(path, fileSize);
            long prefix = readFully(channel, 0, HeaderLength.PREFIX_BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
            long headerLength = HeaderLength.check(path, prefix, fileSize);
            Layout layout = layout(path, fileSize, readFully(channel, HeaderLength.PREFIX_BYTES, (int) headerLength).array());
            Arena arena = Arena.ofShared();
            try {
                // The mapping outlives the channel (FileChannel.map's contract).
                MemorySegment whole = channel.map(FileChannel.MapMode.READ_ONLY, 0, fileSize, arena);
                if (fileSize >= HUGE_PAGES_FROM) logHugePages(path, HugePageCache.advise(path, whole));
                return new SafetensorsFile(path, fileSize, layout, arena, whole);
            } catch (IOException | RuntimeException e) {
                arena.close();
                throw e;
            }
        } catch (NoSuchFileException e) {
            throw new SafetensorsException(path, null, "no such file", e);
        } catch (IOException e) {
            throw new SafetensorsException(path, null, "cannot read the file: " + e, e);
        }
    }

    /**
     * The same checks on a file's bytes already in memory (a resource in the jar), copied once to
     * native memory; {@code name} is what errors and {@link #path()} call it.
     */
    public static SafetensorsFile ofBytes(Path name, byte[] bytes) {
        long fileSize = bytes.length;
        HeaderLength.checkFileSize(name, fileSize);
        long prefix = ByteBuffer.wrap(bytes, 0, HeaderLength.PREFIX_BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
        long headerLength = HeaderLength.check(name, prefix, fileSize);
        Layout layout = layout(name, fileSize,
                Arrays.copyOfRange(bytes, HeaderLength.PREFIX_BYTES, HeaderLength.PREFIX_BYTES + (int) headerLength));
        Arena arena = Arena.ofShared();
        MemorySegment whole = arena.allocate(fileSize, Long.BYTES);
        MemorySegment.copy(bytes, 0, whole, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return new SafetensorsFile(name, fileSize, layout, arena, whole);
    }

    /** The validated header: its tensors in file order, and where their data starts. */
    private record Layout(Header header, List<TensorInfo> sorted, long dataStart) {}

    /** Every check of the header (its length already checked against the file's size) and of the tensors it lays out. */
    private static Layout layout(Path path, long fileSize, byte[] headerBytes) {
        Header header = HeaderParser.parse(path, headerBytes);
        long dataStart = HeaderLength.PREFIX_BYTES + headerBytes.length;
        return new Layout(header, LayoutValidator.validate(path, header.tensors(), dataStart, fileSize), dataStart);
    }

    private static void logHugePages(Path path, HugePageCache.Outcome outcome) {
        switch (outcome) {
            case RECACHED -> LOG.info(path.getFileName() + ": the page cache held it in 4 KiB pages; they were let go,"
                    + " to be read back in 2 MiB pages (this run reads the file from disk once; later runs map it"
                    + " 2 MiB at a time)");
            case HUGE_PAGES -> LOG.fine(path.getFileName() + ": mapped in 2 MiB pages");
            case UNAVAILABLE -> LOG.fine(path.getFileName() + ": mapped in 4 KiB pages (no 2 MiB file pages here)");
        }
    }

    /** Exactly {@code length} bytes at {@code position}; the file size was checked to hold them. */
    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) throw new IOException("file shrank while being read");
        }
        return buffer.flip();
    }

    public Path path() {
        return path;
    }

    public long fileSize() {
        return fileSize;
    }

    /**
     * The SHA-256 of the whole file as mapped, in lower-case hex: the bytes the model runs on, and
     * the value the Hugging Face Hub lists for the file (its LFS object id). Computed once, on
     * first use (about a second per GB), then cached.
     */
    public String sha256() {
        String known = sha256;
        if (known != null) return known;
        synchronized (this) {
            if (sha256 == null) {
                if (!arena.scope().isAlive()) throw new IllegalStateException(path.getFileName() + " is closed");
                sha256 = Sha256.of(whole);
            }
            return sha256;
        }
    }

    /** The header's {@code __metadata__}, in file order; empty when there is none. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** All tensors, sorted by begin offset. */
    public List<TensorInfo> tensors() {
        return tensors;
    }

    public Optional<TensorInfo> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public TensorInfo require(String name) {
        TensorInfo t = byName.get(name);
        if (t == null) throw new SafetensorsException(path, name, "no such tensor in the file");
        return t;
    }

    /** The tensor's raw little-endian bytes: a read-only slice of the mapping. */
    public MemorySegment bytes(TensorInfo t) {
        TensorInfo own = own(t);
        return data.asSlice(own.begin(), own.byteSize());
    }

    /**
     * The tensor as native-order F32, 4-byte aligned, read-only. F32 on a little-endian machine
     * is the mapped slice itself (no copy) whenever it is 4-byte aligned, which every file written
     * with the reference's header padding is; otherwise, and for F16/BF16, the values are
     * converted once into memory owned by this file and the same segment is returned on every
     * later call.
     */
    public MemorySegment f32(TensorInfo t) {
        TensorInfo own = own(t);
        return switch (own.dtype()) {
            case F32 -> {
                MemorySegment slice = bytes(own);
                boolean usableInPlace = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
                        && slice.address() % Float.BYTES == 0;
                yield usableInPlace ? slice : converted(own);
            }
            case F16, BF16 -> converted(own);
            default -> throw wrongDtype(own, "F32", "F32, F16, BF16");
        };
    }

    private MemorySegment converted(TensorInfo t) {
        return converted.computeIfAbsent(t.name(), name -> {
            long count = t.elementCount();
            MemorySegment out = arena.allocate(Math.multiplyExact(count, (long) Float.BYTES), Float.BYTES);
            MemorySegment src = bytes(t);
            switch (t.dtype()) {
                case F16 -> Conversions.f16ToF32(src, 0, out, 0, count);
                case BF16 -> Conversions.bf16ToF32(src, 0, out, 0, count);
                case F32 -> MemorySegment.copy(src, FLOAT_LE, 0, out, ValueLayout.JAVA_FLOAT, 0, count);
                default -> throw new IllegalStateException("no F32 conversion for " + t.dtype());
            }
            return out.asReadOnly();
        });
    }

    /** A copy as {@code float[]}; F32, F16, BF16, and F64 (rounded to float). */
    public float[] toFloatArray(TensorInfo t) {
        TensorInfo own = own(t);
        int n = arrayLength(own);
        float[] out = new float[n];
        switch (own.dtype()) {
            case F32 -> MemorySegment.copy(bytes(own), FLOAT_LE, 0, out, 0, n);
            case F16, BF16 -> MemorySegment.copy(f32(own), ValueLayout.JAVA_FLOAT, 0, out, 0, n);
            case F64 -> {
                MemorySegment src = bytes(own);
                for (int i = 0; i < n; i++) out[i] = (float) src.getAtIndex(DOUBLE_LE, i);
            }
            default -> throw wrongDtype(own, "float[]", "F32, F16, BF16, F64");
        }
        return out;
    }

    /** A copy as {@code double[]}; F64, and F32/F16/BF16 widened exactly. */
    public double[] toDoubleArray(TensorInfo t) {
        TensorInfo own = own(t);
        int n = arrayLength(own);
        double[] out = new double[n];
        switch (own.dtype()) {
            case F64 -> MemorySegment.copy(bytes(own), DOUBLE_LE, 0, out, 0, n);
            case F32 -> {
                MemorySegment src = bytes(own);
                for (int i = 0; i < n; i++) out[i] = src.getAtIndex(FLOAT_LE, i);
            }
            case F16, BF16 -> {
                MemorySegment src = f32(own);
                for (int i = 0; i < n; i++) out[i] = src.getAtIndex(ValueLayout.JAVA_FLOAT, i);
            }
            default -> throw wrongDtype(own, "double[]", "F64, F32, F16, BF16");
        }
        return out;
    }

    /** A copy of an I64 tensor (such as a {@code position_ids} buffer). */
    public long[] toLongArray(TensorInfo t) {
        TensorInfo own = own(t);
        if (own.dtype() != DType.I64) throw wrongDtype(own, "long[]", "I64");
        long[] out = new long[arrayLength(own)];
        MemorySegment.copy(bytes(own), LONG_LE, 0, out, 0, out.length);
        return out;
    }

    /** A copy of the raw bytes, any dtype (for U8 images, the bytes are the values). */
    public byte[] toByteArray(TensorInfo t) {
        TensorInfo own = own(t);
        if (own.byteSize() > MAX_ARRAY_LENGTH) {
            throw new SafetensorsException(path, own.name(), own.byteSize()
                    + " bytes are too many for a Java array; use bytes()");
        }
        return bytes(own).toArray(ValueLayout.JAVA_BYTE);
    }

    /**
     * Releases the mapping and every converted buffer; segments handed out become inaccessible.
     * Idempotent and safe to call from several threads: exactly one call closes the arena (two
     * closing it would fail with "Already closed"). A read racing the close either completes or
     * fails with {@link IllegalStateException}; the shared arena's handshake guarantees no read
     * touches unmapped memory.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            arena.close();
        } catch (IllegalStateException e) {
            // A native call holds one of its segments: still open, so a later close can succeed.
            closed.set(false);
            throw e;
        }
    }

    /**
     * The validated entry behind {@code t}: a TensorInfo from another file (or hand-made) must not
     * address this mapping.
     */
    private TensorInfo own(TensorInfo t) {
        if (closed.get()) throw new IllegalStateException(path.getFileName() + " is closed");
        TensorInfo own = byName.get(t.name());
        if (!t.equals(own)) {
            throw new SafetensorsException(path, t.name(), "this TensorInfo does not describe a tensor of this file");
        }
        return own;
    }

    private int arrayLength(TensorInfo t) {
        long n = t.elementCount();
        if (n > MAX_ARRAY_LENGTH) {
            throw new SafetensorsException(path, t.name(), n + " elements are too many for a Java array; use f32() or bytes()");
        }
        return (int) n;
    }

    private SafetensorsException wrongDtype(TensorInfo t, String wanted, String accepted) {
        return new SafetensorsException(path, t.name(), "dtype " + t.dtype() + " cannot be read as " + wanted
                + " (accepted: " + accepted + ")");
    }
}
