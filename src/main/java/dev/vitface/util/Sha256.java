package dev.vitface.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 in lower-case hex, the form the Hugging Face Hub lists a file's LFS object id in: of a
 * file read as a stream (Spark's driver, which never loads the model), or of bytes already mapped
 * (the engine's weights). The same bytes give the same string either way.
 */
public final class Sha256 {
    /** {@link MessageDigest#update(java.nio.ByteBuffer)} takes int-indexed buffers: 16 MB at a time. */
    private static final long CHUNK = 1 << 24;

    private Sha256() {}

    public static String ofFile(Path file) throws IOException {
        MessageDigest sha = newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(OutputStream.nullOutputStream()); // the digest sees the bytes on the way
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    public static String of(MemorySegment bytes) {
        MessageDigest sha = newDigest();
        for (long offset = 0; offset < bytes.byteSize(); offset += CHUNK) {
            sha.update(bytes.asSlice(offset, Math.min(CHUNK, bytes.byteSize() - offset)).asByteBuffer());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256 (every Java SE runtime must)", e);
        }
    }
}
