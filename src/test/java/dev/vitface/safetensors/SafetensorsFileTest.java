package dev.vitface.safetensors;

import static dev.vitface.safetensors.RawFiles.concat;
import static dev.vitface.safetensors.RawFiles.lengthPrefix;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The accessors of an open file: lookups, dtype checks, copies, lifetime. */
class SafetensorsFileTest {
    @TempDir
    Path dir;

    private Path mixed() throws IOException {
        Path path = dir.resolve("mixed.safetensors");
        SafetensorsWriter.write(path, Map.of(), List.of(
                new TensorSpec("position_ids", DType.I64, new long[] {1, 3}, out -> out.write(
                        ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putLong(0).putLong(1).putLong(-5).array())),
                TensorSpec.f64("d", new long[] {2}, new double[] {0.1, 1e300}),
                TensorSpec.u8("img", new long[] {2}, new byte[] {7, (byte) 200})));
        return path;
    }

    @Test
    void requireNamesTheMissingTensor() throws IOException {
        try (SafetensorsFile file = SafetensorsFile.open(mixed())) {
            SafetensorsException e = assertThrows(SafetensorsException.class, () -> file.require("vision_model.nope"));
            assertEquals("mixed.safetensors: tensor 'vision_model.nope': no such tensor in the file", e.getMessage());
            assertEquals(Optional.of("vision_model.nope"), e.tensor());
            assertEquals(Optional.empty(), file.find("vision_model.nope"));
            assertTrue(file.find("d").isPresent());
        }
    }

    @Test
    void bytesInMemoryReadAsTheFileDoes() throws IOException {
        Path path = mixed();
        byte[] bytes = Files.readAllBytes(path);
        try (SafetensorsFile file = SafetensorsFile.open(path);
             SafetensorsFile inMemory = SafetensorsFile.ofBytes(Path.of("resource/mixed.safetensors"), bytes)) {
            assertEquals(file.tensors(), inMemory.tensors());
            assertEquals(file.sha256(), inMemory.sha256());
            assertArrayEquals(file.toDoubleArray(file.require("d")), inMemory.toDoubleArray(inMemory.require("d")));
            assertEquals(-1, file.bytes(file.require("img")).mismatch(inMemory.bytes(inMemory.require("img"))));
        }
    }

    @Test
    void bytesInMemoryAreCheckedAsAFileIs() throws IOException {
        byte[] bytes = Files.readAllBytes(mixed());
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 1);
        SafetensorsException e = assertThrows(SafetensorsException.class,
                () -> SafetensorsFile.ofBytes(Path.of("resource/mixed.safetensors"), truncated));
        assertTrue(e.getMessage().startsWith("mixed.safetensors: "), e.getMessage());
    }

    @Test
    void readersCheckTheDtype() throws IOException {
        try (SafetensorsFile file = SafetensorsFile.open(mixed())) {
            TensorInfo ids = file.require("position_ids");
            assertArrayEquals(new long[] {0, 1, -5}, file.toLongArray(ids));
            SafetensorsException f32 = assertThrows(SafetensorsException.class, () -> file.f32(ids));
            assertEquals("mixed.safetensors: tensor 'position_ids': dtype I64 cannot be read as F32 (accepted: F32, F16, BF16)",
                    f32.getMessage());
            SafetensorsException floats = assertThrows(SafetensorsException.class, () -> file.toFloatArray(file.require("img")));
            assertTrue(floats.getMessage().contains("tensor 'img': dtype U8 cannot be read as float[]"), floats.getMessage());
            assertThrows(SafetensorsException.class, () -> file.toDoubleArray(ids));
            assertThrows(SafetensorsException.class, () -> file.toLongArray(file.require("d")));
            assertArrayEquals(new byte[] {7, (byte) 200}, file.toByteArray(file.require("img")));
            assertArrayEquals(new float[] {0.1f, Float.POSITIVE_INFINITY}, file.toFloatArray(file.require("d")));
        }
    }

    @Test
    void bytesAreAReadOnlySliceOfTheMapping() throws IOException {
        try (SafetensorsFile file = SafetensorsFile.open(mixed())) {
            MemorySegment bytes = file.bytes(file.require("img"));
            assertEquals(2, bytes.byteSize());
            assertTrue(bytes.isReadOnly());
            assertThrows(IllegalArgumentException.class, () -> bytes.set(ValueLayout.JAVA_BYTE, 0, (byte) 1));
        }
    }

    @Test
    void aTensorInfoFromElsewhereIsRefused() throws IOException {
        try (SafetensorsFile file = SafetensorsFile.open(mixed())) {
            TensorInfo real = file.require("img");
            TensorInfo forged = new TensorInfo("img", DType.U8, new long[] {2}, 0, 2);
            assertNotEquals(real, forged);
            SafetensorsException e = assertThrows(SafetensorsException.class, () -> file.bytes(forged));
            assertTrue(e.getMessage().contains("does not describe a tensor of this file"), e.getMessage());
        }
    }

    @Test
    void closedFileRefusesAccessAndItsSegmentsDie() throws IOException {
        SafetensorsFile file = SafetensorsFile.open(mixed());
        TensorInfo d = file.require("d");
        MemorySegment bytes = file.bytes(d);
        file.close();
        file.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> file.bytes(d));
        assertThrows(IllegalStateException.class, () -> bytes.get(ValueLayout.JAVA_BYTE, 0));
    }

    /**
     * Two threads closing one file at the same instant, while another reads it: both closes
     * return normally (the arena is closed exactly once), and the read either completes with the
     * right values or fails with IllegalStateException, never anything else. The closers spin
     * until both are ready, so that they reach {@code close} together; a check-then-close races
     * and lost within 300 rounds in each of five runs.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentClosesCloseOnceAndRacingReadsFailCleanly() throws Exception {
        Path path = mixed();
        int closers = 2;
        int rounds = 1000;
        ExecutorService pool = Executors.newFixedThreadPool(closers + 1);
        try {
            for (int round = 0; round < rounds; round++) {
                SafetensorsFile file = SafetensorsFile.open(path);
                TensorInfo d = file.require("d");
                AtomicInteger arrived = new AtomicInteger();
                List<Future<?>> tasks = new ArrayList<>();
                for (int i = 0; i < closers; i++) {
                    tasks.add(pool.submit(() -> {
                        arrived.incrementAndGet();
                        while (arrived.get() < closers) Thread.onSpinWait();
                        file.close();
                        return null;
                    }));
                }
                tasks.add(pool.submit(() -> {
                    try {
                        assertArrayEquals(new double[] {0.1, 1e300}, file.toDoubleArray(d));
                    } catch (IllegalStateException closed) {
                        // the close won the race: the one acceptable failure
                    }
                    return null;
                }));
                for (Future<?> task : tasks) {
                    try {
                        task.get();
                    } catch (ExecutionException e) {
                        throw new AssertionError("round " + round + ": " + e.getCause(), e.getCause());
                    }
                }
                assertThrows(IllegalStateException.class, () -> file.bytes(d));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void misalignedF32IsCopiedToAnAlignedBuffer() throws IOException {
        // A header of 9 bytes puts the data at offset 17: legal, but F32 there is not 4-aligned.
        String header = "{" + "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}" + "}";
        String padded = header + " ".repeat(9 - header.length() % 8);
        assertEquals(1, padded.length() % 4);
        byte[] data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(3.5f).putFloat(-1f).array();
        Path path = Files.write(dir.resolve("odd.safetensors"),
                concat(lengthPrefix(padded.length()), padded.getBytes(StandardCharsets.UTF_8), data));
        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            TensorInfo w = file.require("w");
            MemorySegment f32 = file.f32(w);
            assertEquals(0, f32.address() % 4);
            assertEquals(3.5f, f32.getAtIndex(ValueLayout.JAVA_FLOAT, 0));
            assertEquals(-1f, f32.getAtIndex(ValueLayout.JAVA_FLOAT, 1));
            assertArrayEquals(new float[] {3.5f, -1f}, file.toFloatArray(w));
        }
    }

    @Test
    void filesOver2GbUseLongOffsets() throws IOException {
        // 3 GB of U8 then an F32 pair beyond 2^31: a sparse file, so no disk space is used.
        long big = 3_000_000_000L;
        String header = "{\"big\":{\"dtype\":\"U8\",\"shape\":[" + big + "],\"data_offsets\":[0," + big + "]},"
                + "\"tail\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[" + big + "," + (big + 8) + "]}}";
        String padded = header + " ".repeat((8 - header.length() % 8) % 8);
        Path path = dir.resolve("huge.safetensors");
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.SPARSE)) {
            channel.write(ByteBuffer.wrap(concat(lengthPrefix(padded.length()), padded.getBytes(StandardCharsets.UTF_8))));
            channel.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(6.5f).putFloat(-7f).flip(),
                    8 + padded.length() + big);
        }
        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            TensorInfo tail = file.require("tail");
            assertEquals(big, tail.begin());
            assertArrayEquals(new float[] {6.5f, -7f}, file.toFloatArray(tail));
            assertEquals(-7f, file.f32(tail).getAtIndex(ValueLayout.JAVA_FLOAT, 1));
            TensorInfo huge = file.require("big");
            assertEquals(big, file.bytes(huge).byteSize());
            assertEquals(0, file.bytes(huge).get(ValueLayout.JAVA_BYTE, big - 1));
            SafetensorsException e = assertThrows(SafetensorsException.class, () -> file.toByteArray(huge));
            assertTrue(e.getMessage().contains("tensor 'big': 3000000000 bytes are too many for a Java array"), e.getMessage());
        }
    }

    @Test
    void tensorInfoIsImmutable() {
        long[] shape = {2, 3};
        TensorInfo t = new TensorInfo("x", DType.F32, shape, 0, 24);
        shape[0] = 99;
        t.shape()[1] = 99;
        assertEquals("[2, 3]", t.shapeString());
        assertEquals(new TensorInfo("x", DType.F32, new long[] {2, 3}, 0, 24), t);
        assertEquals(6, t.elementCount());
        assertEquals(24, t.byteSize());
    }

    @Test
    void dtypeNamesAndSizes() {
        assertEquals(Optional.of(DType.BF16), DType.fromName("BF16"));
        assertEquals(Optional.empty(), DType.fromName("bf16"));
        assertEquals(Optional.empty(), DType.fromName("F8_E8M0"));
        assertEquals(2, DType.F16.byteSize());
        assertEquals(8, DType.I64.byteSize());
        assertEquals(1, DType.F8_E4M3.byteSize());
    }
}
