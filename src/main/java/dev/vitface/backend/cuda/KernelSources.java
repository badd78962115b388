package dev.vitface.backend.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CUDA C sources, shipped as resources beside this class and compiled at start-up by NVRTC.
 * Headers ({@code common.cuh}) are handed to NVRTC by name, as {@code #include "common.cuh"}
 * expects; nothing is read from the file system.
 */
final class KernelSources {
    /** Compiled programs: one module each. */
    static final List<String> PROGRAMS = Arrays.stream(Kernel.values()).map(Kernel::source).distinct().toList();
    /** Headers the programs include. */
    static final List<String> HEADERS = List.of("common.cuh");

    private KernelSources() {}

    /** The text of one resource; NVRTC takes C strings, so sources must be plain ASCII. */
    static String read(String name) {
        try (InputStream in = KernelSources.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("kernel source " + name + " is missing from the jar");
            byte[] bytes = in.readAllBytes();
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] < 0 || bytes[i] == 0) {
                    throw new IllegalStateException("kernel source " + name + " has a non-ASCII or NUL byte at offset " + i);
                }
            }
            return new String(bytes, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel source " + name, e);
        }
    }

    /** Every header, name to text, in include order. */
    static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h : HEADERS) headers.put(h, read(h));
        return headers;
    }
}
