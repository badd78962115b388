package dev.vitface.safetensors;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Streams one tensor's bytes, little-endian and row-major, into the file being written, in as
 * many {@code write} calls as it likes: the writer never holds a whole tensor in memory. The
 * writer checks that exactly the tensor's byte size arrives. Do not close {@code out}.
 */
@FunctionalInterface
public interface TensorSource {
    void writeTo(OutputStream out) throws IOException;
}
