package dev.vitface.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reader against the real fixtures, checked with {@link IndependentReader}. */
class FixtureReadTest {

    @Test
    void tinyModelMatchesAnIndependentRead() throws IOException {
        Path path = RawFiles.fixture("tiny/model.safetensors");
        IndependentReader expected = new IndependentReader(path);
        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            assertEquals(Files.size(path), file.fileSize());
            assertEquals(Map.of("format", "pt"), file.metadata());
            assertEquals(expected.entries.size(), file.tensors().size());
            assertTrue(file.tensors().size() > 40, "the tiny model has all CLIP vision tensors");
            for (IndependentReader.Entry e : expected.entries) {
                TensorInfo t = file.require(e.name());
                assertEquals(e.dtype(), t.dtype().name(), e.name());
                assertArrayEquals(e.shape(), t.shape(), e.name());
                assertEquals(e.begin(), t.begin(), e.name());
                assertEquals(e.end(), t.end(), e.name());
                float[] values = expected.floats(e);
                assertArrayEquals(values, file.toFloatArray(t), e.name());
                MemorySegment inPlace = file.f32(t);
                assertEquals(values.length, inPlace.byteSize() / 4);
                for (int i = 0; i < values.length; i++) {
                    assertEquals(Float.floatToRawIntBits(values[i]),
                            Float.floatToRawIntBits(inPlace.getAtIndex(ValueLayout.JAVA_FLOAT, i)), e.name());
                }
                assertArrayEquals(expected.bytes(e), file.toByteArray(t), e.name());
            }
        }
    }

    @Test
    void tensorsAreSortedByOffsetAndTileTheData() {
        try (SafetensorsFile file = SafetensorsFile.open(RawFiles.fixture("tiny/model.safetensors"))) {
            List<TensorInfo> tensors = file.tensors();
            assertEquals(tensors.stream().sorted(Comparator.comparingLong(TensorInfo::begin)).toList(), tensors);
            long next = 0;
            for (TensorInfo t : tensors) {
                assertEquals(next, t.begin(), t.name());
                next = t.end();
            }
        }
    }

    @Test
    void f32TensorsAreUsedInPlace() {
        try (SafetensorsFile file = SafetensorsFile.open(RawFiles.fixture("tiny/model.safetensors"))) {
            TensorInfo t = file.require("vision_model.embeddings.class_embedding");
            MemorySegment f32 = file.f32(t);
            assertEquals(file.bytes(t).address(), f32.address(), "F32 must be the mapped slice, not a copy");
            assertTrue(f32.isReadOnly());
            assertEquals("[64]", t.shapeString());
            assertEquals(64, t.elementCount());
            assertEquals(256, t.byteSize());
        }
    }

    @Test
    void goldenF64TensorsMatchAnIndependentRead() throws IOException {
        Path path = RawFiles.fixture("tiny/golden.safetensors");
        IndependentReader expected = new IndependentReader(path);
        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            assertEquals(expected.metadata, file.metadata());
            for (IndependentReader.Entry e : expected.entries) {
                TensorInfo t = file.require(e.name());
                if (t.dtype() == DType.F64) {
                    assertArrayEquals(expected.doubles(e), file.toDoubleArray(t), e.name());
                } else {
                    assertEquals(DType.F32, t.dtype(), e.name());
                    float[] floats = expected.floats(e);
                    double[] widened = file.toDoubleArray(t);
                    for (int i = 0; i < floats.length; i++) assertEquals(floats[i], widened[i], 0.0, e.name());
                }
            }
        }
    }

    @Test
    void preprocessExpectationsReadAsBytesAndFloats() throws IOException {
        Path path = RawFiles.fixture("preprocess/expected.safetensors");
        IndependentReader expected = new IndependentReader(path);
        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            for (IndependentReader.Entry e : expected.entries) {
                TensorInfo t = file.require(e.name());
                switch (e.dtype()) {
                    case "U8" -> assertArrayEquals(expected.bytes(e), file.toByteArray(t), e.name());
                    case "F32" -> assertArrayEquals(expected.floats(e), file.toFloatArray(t), e.name());
                    default -> throw new AssertionError("unexpected dtype in fixture: " + e.dtype());
                }
            }
        }
    }
}
