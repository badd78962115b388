package dev.vitface.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HugePageCacheTest {
    private static final List<String> SMAPS = List.of(
            "7f3c05600000-7f3c4c000000 r--s 00000000 fe:00 1234                       /models/model.safetensors",
            "Size:            1184448 kB",
            "AnonHugePages:         0 kB",
            "FilePmdMapped:      2048 kB",
            "VmFlags: rd sh mr mw me ms hg",
            "7f3c4c000000-7f3c4c021000 rw-p 00000000 00:00 0",
            "Size:                132 kB",
            "FilePmdMapped:         0 kB",
            "7f3c4d000000-7f3c4d100000 r--p 00000000 fe:00 99                         /lib/old-kernel.so",
            "Size:               1024 kB");

    @Test
    void readsTheFieldOfTheMappingThatStartsAtTheAddress() {
        assertEquals(OptionalLong.of(2048), HugePageCache.filePmdMappedKb(SMAPS, 0x7f3c05600000L));
        assertEquals(OptionalLong.of(0), HugePageCache.filePmdMappedKb(SMAPS, 0x7f3c4c000000L));
    }

    @Test
    void saysNothingForAMappingWithoutTheFieldOrNoSuchMapping() {
        assertEquals(OptionalLong.empty(), HugePageCache.filePmdMappedKb(SMAPS, 0x7f3c4d000000L));
        assertEquals(OptionalLong.empty(), HugePageCache.filePmdMappedKb(SMAPS, 0x7f3c05601000L));
    }

    @Test
    void neverLetsGoOfAFileSystemsCacheWhereItCannotHelp() throws IOException {
        // tmpfs: its pages cannot be let go, so the probe on the first 2 MiB finds no huge page
        // (or, where shmem huge pages are on, finds one at once) and the rest is left alone.
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no /dev/shm here");
        Path file = Files.createTempFile(shm, "vitface-huge-pages", ".bin");
        try {
            byte[] bytes = new byte[9 << 20];
            new SplittableRandom(11).nextBytes(bytes);
            Files.write(file, bytes);
            try (Arena arena = Arena.ofShared(); FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                MemorySegment mapping = channel.map(FileChannel.MapMode.READ_ONLY, 0, bytes.length, arena);
                assertNotEquals(HugePageCache.Outcome.RECACHED, HugePageCache.advise(file, mapping));
                assertEquals(-1, mapping.mismatch(MemorySegment.ofArray(bytes)), "first byte that reads differently");
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void leavesWhatTheMappingReadsAsItWas(@TempDir Path dir) throws IOException {
        byte[] bytes = new byte[9 << 20];
        new SplittableRandom(7).nextBytes(bytes);
        Path file = dir.resolve("weights.bin");
        Files.write(file, bytes);
        try (Arena arena = Arena.ofShared(); FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment mapping = channel.map(FileChannel.MapMode.READ_ONLY, 0, bytes.length, arena);
            // Whatever this machine offers (a temp directory on tmpfs has no file huge pages):
            assertNotNull(HugePageCache.advise(file, mapping));
            assertEquals(-1, mapping.mismatch(MemorySegment.ofArray(bytes)), "first byte that reads differently");
            assertEquals(HugePageCache.Outcome.UNAVAILABLE,
                    HugePageCache.advise(file, mapping.asSlice(0, 1 << 20)), "a mapping under 4 MiB");
            assertEquals(bytes[5], mapping.get(ValueLayout.JAVA_BYTE, 5));
        }
    }
}
