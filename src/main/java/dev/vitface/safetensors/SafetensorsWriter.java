package dev.vitface.safetensors;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes a safetensors file by streaming each tensor's bytes from its {@link TensorSource}, so
 * memory use stays at one buffer however large the file. The file appears atomically: it is
 * written to a temporary file in the target's folder, synced, then renamed over the target.
 *
 * <p>Tensors are laid out as the reference writer lays them out: by decreasing element size,
 * then by name. With the header padded to 8 bytes, every tensor then starts at a multiple of its
 * element size, which lets readers use F32 data in place.
 */
public final class SafetensorsWriter {
    private static final Comparator<TensorSpec> LAYOUT_ORDER =
            Comparator.comparingInt((TensorSpec t) -> -t.dtype().byteSize()).thenComparing(TensorSpec::name);
    private static final int BUFFER_BYTES = 1 << 20;

    private SafetensorsWriter() {}

    /**
     * @throws IllegalArgumentException duplicate tensor names, or a source that writes a different
     *                                  number of bytes than its shape and dtype take (no file is left)
     * @throws IOException              the file could not be written (no file is left)
     */
    public static void write(Path target, Map<String, String> metadata, List<TensorSpec> tensors) throws IOException {
        List<TensorSpec> ordered = new ArrayList<>(tensors);
        ordered.sort(LAYOUT_ORDER);
        checkUniqueNames(ordered);
        long[] begins = new long[ordered.size()];
        long offset = 0;
        for (int i = 0; i < ordered.size(); i++) {
            begins[i] = offset;
            offset = Math.addExact(offset, ordered.get(i).byteSize());
        }
        byte[] header = HeaderWriter.encode(metadata, ordered, begins);

        Path absolute = target.toAbsolutePath();
        // Not Files.createTempFile: its owner-only permissions would stick to the renamed result.
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
                out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
                out.write(header);
                for (TensorSpec t : ordered) {
                    ExactLengthStream exact = new ExactLengthStream(out, t);
                    t.source().writeTo(exact);
                    exact.checkComplete();
                }
                out.flush();
                // Durable before the rename makes it visible: no half-written file after a crash.
                channel.force(true);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    private static void checkUniqueNames(List<TensorSpec> tensors) {
        Set<String> seen = new HashSet<>();
        for (TensorSpec t : tensors) {
            if (!seen.add(t.name())) throw new IllegalArgumentException("duplicate tensor name '" + t.name() + "'");
        }
    }

    /** Passes one tensor's bytes through and refuses more than its size; closing it is a no-op. */
    private static final class ExactLengthStream extends OutputStream {
        private final OutputStream out;
        private final TensorSpec tensor;
        private final long expected;
        private long written;

        ExactLengthStream(OutputStream out, TensorSpec tensor) {
            this.out = out;
            this.tensor = tensor;
            this.expected = tensor.byteSize();
        }

        @Override
        public void write(int b) throws IOException {
            reserve(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            reserve(len);
            out.write(b, off, len);
        }

        private void reserve(long n) {
            if (n > expected - written) {
                throw new IllegalArgumentException(mismatch("more than"));
            }
            written += n;
        }

        void checkComplete() {
            if (written != expected) throw new IllegalArgumentException(mismatch("only " + written + " of"));
        }

        private String mismatch(String amount) {
            return "tensor '" + tensor.name() + "': its source wrote " + amount + " the " + expected
                    + " bytes that shape " + Arrays.toString(tensor.shape()) + " of " + tensor.dtype() + " takes";
        }
    }
}
