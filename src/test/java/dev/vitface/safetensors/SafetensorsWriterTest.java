package dev.vitface.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {
    @TempDir
    Path dir;

    @Test
    void matchesTheReferenceWriterByteForByte() throws IOException {
        // test_serialization and test_serialization_forced_alignement of safetensors src/tensor.rs
        float[] values = {0, 1, 2, 3, 4, 5};
        Path a = dir.resolve("a.safetensors");
        SafetensorsWriter.write(a, Map.of(), List.of(TensorSpec.f32("attn.0", new long[] {1, 2, 3}, values)));
        assertArrayEquals(referenceFile("{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}", values),
                Files.readAllBytes(a));

        Path b = dir.resolve("b.safetensors");
        SafetensorsWriter.write(b, Map.of(), List.of(TensorSpec.f32("attn0", new long[] {1, 1, 2, 3}, values)));
        assertArrayEquals(referenceFile("{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}       ",
                values), Files.readAllBytes(b));
    }

    @Test
    void emptyFilesMatchTheReferenceWriter() throws IOException {
        // test_empty of safetensors src/tensor.rs
        Path empty = dir.resolve("empty.safetensors");
        SafetensorsWriter.write(empty, Map.of(), List.of());
        assertArrayEquals(referenceFile("{}      ", new float[0]), Files.readAllBytes(empty));
        Path withMetadata = dir.resolve("meta.safetensors");
        SafetensorsWriter.write(withMetadata, Map.of("framework", "pt"), List.of());
        assertArrayEquals(referenceFile("{\"__metadata__\":{\"framework\":\"pt\"}}     ", new float[0]),
                Files.readAllBytes(withMetadata));
    }

    @Test
    void roundTripKeepsTensorsAndMetadata() throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("note", "quotes \" and \\ and ünïcödé \n newline");
        double[] f64 = {Math.PI, -0.0, Double.MIN_VALUE, Double.NaN};
        float[] f32 = {1.5f, -2.25f, Float.MAX_VALUE, Float.MIN_VALUE, Float.NEGATIVE_INFINITY, 0, 7};
        byte[] u8 = {0, 1, (byte) 255, (byte) 128};
        Path path = dir.resolve("round.safetensors");
        SafetensorsWriter.write(path, metadata, List.of(
                TensorSpec.u8("pixels", new long[] {2, 2}, u8),
                TensorSpec.f32("weight", new long[] {7}, f32),
                TensorSpec.f64("golden", new long[] {2, 2}, f64),
                TensorSpec.f32("scalar", new long[] {}, new float[] {42}),
                TensorSpec.f32("empty", new long[] {3, 0}, new float[0])));
        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            assertEquals(metadata, file.metadata());
            assertEquals(List.copyOf(metadata.keySet()), List.copyOf(file.metadata().keySet()), "metadata order");
            assertArrayEquals(u8, file.toByteArray(file.require("pixels")));
            assertArrayEquals(f32, file.toFloatArray(file.require("weight")));
            assertArrayEquals(f64, file.toDoubleArray(file.require("golden")));
            assertEquals(42f, file.toFloatArray(file.require("scalar"))[0]);
            assertEquals("[3, 0]", file.require("empty").shapeString());
            for (TensorInfo t : file.tensors()) {
                assertEquals(0, (8 + headerLength(path) + t.begin()) % t.dtype().byteSize(), t + " aligned");
            }
        }
        assertEquals(0, headerLength(path) % 8, "header padded to a multiple of 8");
    }

    @Test
    void largeTensorIsStreamedInChunks() throws IOException {
        long count = 6_000_000; // 24 MB: many 64 KiB chunks, far more than one buffer
        Path path = dir.resolve("large.safetensors");
        List<Integer> writeSizes = new ArrayList<>();
        TensorSpec generated = TensorSpec.f32("big", new long[] {count / 1000, 1000}, i -> (float) (i % 1_000_003) - 0.5f);
        TensorSpec recording = new TensorSpec("big", DType.F32, generated.shape(), out -> generated.source().writeTo(
                new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        writeSizes.add(len);
                        out.write(b, off, len);
                    }
                }));
        SafetensorsWriter.write(path, Map.of(), List.of(recording));
        assertTrue(writeSizes.size() > 300, "written in many chunks, not one array: " + writeSizes.size());
        assertTrue(writeSizes.stream().allMatch(n -> n <= 1 << 16), "no chunk above 64 KiB");
        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            MemorySegment big = file.f32(file.require("big"));
            assertEquals(count * 4, big.byteSize());
            for (long i : new long[] {0, 1, 16383, 16384, 1_000_002, 1_000_003, count - 1}) {
                assertEquals((float) (i % 1_000_003) - 0.5f, big.getAtIndex(ValueLayout.JAVA_FLOAT, i), "element " + i);
            }
        }
    }

    @Test
    void sourceWritingTheWrongByteCountLeavesNoFile() throws IOException {
        Path path = dir.resolve("bad.safetensors");
        TensorSpec tooShort = new TensorSpec("t", DType.F32, new long[] {4}, out -> out.write(new byte[12]));
        IllegalArgumentException shortError = assertThrows(IllegalArgumentException.class,
                () -> SafetensorsWriter.write(path, Map.of(), List.of(tooShort)));
        assertTrue(shortError.getMessage().contains("tensor 't': its source wrote only 12 of the 16 bytes"), shortError.getMessage());
        TensorSpec tooLong = new TensorSpec("t", DType.F32, new long[] {4}, out -> out.write(new byte[20]));
        IllegalArgumentException longError = assertThrows(IllegalArgumentException.class,
                () -> SafetensorsWriter.write(path, Map.of(), List.of(tooLong)));
        assertTrue(longError.getMessage().contains("its source wrote more than the 16 bytes"), longError.getMessage());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "neither the target nor a temporary file is left");
        }
    }

    @Test
    void failedWriteKeepsThePreviousFile() throws IOException {
        Path path = dir.resolve("keep.safetensors");
        SafetensorsWriter.write(path, Map.of(), List.of(TensorSpec.u8("a", new long[] {1}, new byte[] {9})));
        byte[] before = Files.readAllBytes(path);
        TensorSpec failing = new TensorSpec("b", DType.U8, new long[] {1}, out -> {
            throw new IOException("disk on fire");
        });
        assertThrows(IOException.class, () -> SafetensorsWriter.write(path, Map.of(), List.of(failing)));
        assertArrayEquals(before, Files.readAllBytes(path));
    }

    @Test
    void specsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> SafetensorsWriter.write(dir.resolve("x"), Map.of(),
                List.of(TensorSpec.u8("a", new long[] {1}, new byte[1]), TensorSpec.u8("a", new long[] {1}, new byte[1]))));
        assertThrows(IllegalArgumentException.class, () -> TensorSpec.f32("a", new long[] {3}, new float[2]));
        assertThrows(IllegalArgumentException.class, () -> TensorSpec.u8("a", new long[] {-1}, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> TensorSpec.u8("__metadata__", new long[] {0}, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> TensorSpec.u8("a\0", new long[] {0}, new byte[0]));
        assertThrows(ArithmeticException.class,
                () -> new TensorSpec("a", DType.F64, new long[] {1L << 62, 4}, out -> { }));
    }

    @Test
    void halfAndBfloat16FilesLoadAsF32() throws IOException {
        // Known values and their exact 16-bit encodings.
        float[] values = {1.0f, -2.0f, 0.5f, 65504.0f, 0x1p-24f, -0.0f, Float.POSITIVE_INFINITY, 0.333251953125f, 3.0f};
        short[] halves = {0x3C00, (short) 0xC000, 0x3800, 0x7BFF, 0x0001, (short) 0x8000, 0x7C00, 0x3555, 0x4200};
        float[] bfValues = {1.0f, -2.0f, 0.5f, 0x1p127f, 0x1p-133f, -0.0f, Float.POSITIVE_INFINITY, 0.333984375f, 3.0f};
        short[] bfloats = {0x3F80, (short) 0xC000, 0x3F00, 0x7F00, 0x0001, (short) 0x8000, 0x7F80, 0x3EAB, 0x4040};
        Path path = dir.resolve("halves.safetensors");
        SafetensorsWriter.write(path, Map.of(), List.of(
                TensorSpec.raw("h", DType.F16, new long[] {3, 3}, shortsLe(halves)),
                TensorSpec.raw("b", DType.BF16, new long[] {9}, shortsLe(bfloats)),
                TensorSpec.raw("h_odd", DType.F16, new long[] {1}, shortsLe(new short[] {0x3C00}))));
        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            TensorInfo h = file.require("h");
            MemorySegment hf = file.f32(h);
            assertEquals(9 * 4, hf.byteSize());
            assertTrue(hf.isReadOnly());
            for (int i = 0; i < values.length; i++) assertEquals(values[i], hf.getAtIndex(ValueLayout.JAVA_FLOAT, i), "F16 " + i);
            assertEquals(hf.address(), file.f32(h).address(), "converted once, then cached");
            assertArrayEquals(values, file.toFloatArray(h));
            MemorySegment bf = file.f32(file.require("b"));
            for (int i = 0; i < bfValues.length; i++) assertEquals(bfValues[i], bf.getAtIndex(ValueLayout.JAVA_FLOAT, i), "BF16 " + i);
            assertArrayEquals(bfValues, file.toFloatArray(file.require("b")));
            double[] widened = file.toDoubleArray(h);
            for (int i = 0; i < values.length; i++) assertEquals(values[i], widened[i], 0.0);
            assertEquals(1.0f, file.f32(file.require("h_odd")).getAtIndex(ValueLayout.JAVA_FLOAT, 0));
        }
    }

    private static MemorySegment shortsLe(short[] values) {
        ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (short v : values) b.putShort(v);
        return MemorySegment.ofArray(b.array());
    }

    private static byte[] referenceFile(String header, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length() + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (float v : values) b.putFloat(v);
        return b.array();
    }

    private static long headerLength(Path path) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(path), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void writtenFileHasNoTemporaryLeftovers() throws IOException {
        SafetensorsWriter.write(dir.resolve("only.safetensors"), Map.of(), List.of(TensorSpec.u8("a", new long[] {1}, new byte[1])));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("only.safetensors")), files.toList());
        }
    }
}
