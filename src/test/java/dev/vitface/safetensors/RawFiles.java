package dev.vitface.safetensors;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Builds safetensors files byte by byte, well-formed or not, without the project's writer. */
final class RawFiles {
    private RawFiles() {}

    /** 8-byte LE length of the UTF-8 header, the header, then {@code dataBytes} bytes 0, 1, 2, ... */
    static byte[] file(String header, long dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return concat(lengthPrefix(h.length), h, counting((int) dataBytes));
    }

    static byte[] lengthPrefix(long n) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(n).array();
    }

    static byte[] counting(int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) out[i] = (byte) i;
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    /** A copy of a fixture under src/test/resources/fixtures. */
    static Path fixture(String relative) {
        return Path.of("src/test/resources/fixtures").resolve(relative);
    }
}
