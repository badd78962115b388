package dev.vitface.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {

    @Test
    void knownDigests() {
        // FIPS 180-2's examples.
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Sha256.of(MemorySegment.ofArray("abc".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.of(MemorySegment.ofArray(new byte[0])));
    }

    @Test
    void aFileStreamedAndTheSameBytesInMemoryAgreeAcrossChunks(@TempDir Path dir) throws IOException {
        byte[] bytes = new byte[(16 << 20) + 12345]; // more than one 16 MB chunk of the in-memory digest
        new SplittableRandom(3).nextBytes(bytes);
        Path file = dir.resolve("weights.bin");
        Files.write(file, bytes);
        assertEquals(Sha256.ofFile(file), Sha256.of(MemorySegment.ofArray(bytes)));
    }
}
