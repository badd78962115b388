package dev.vitface.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The driver's SHA-256 of a model's weights file, read as a stream: the driver never loads the
 * model. Equals {@code FaceAttributes.weightsSha256()} of the same file, which each executor
 * computes from its mapping after loading.
 */
final class Sha256Files {
    private Sha256Files() {}

    static String of(Path file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256 (every Java SE runtime must)", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(OutputStream.nullOutputStream()); // the digest sees the bytes on the way
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
