package dev.vitface.safetensors;

import static dev.vitface.safetensors.RawFiles.concat;
import static dev.vitface.safetensors.RawFiles.file;
import static dev.vitface.safetensors.RawFiles.lengthPrefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One case per rule of the format (docs/REFERENCE.md, "safetensors: rules the reader enforces"): each
 * file breaks exactly that rule, and the error must say which rule and which tensor.
 */
class MalformedFileTest {
    @TempDir
    Path dir;

    /** A well-formed entry, F32 unless said otherwise. */
    private static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape
                + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    private static final String A = entry("a", "F32", "[2]", 0, 8);

    private static Arguments broken(String rule, byte[] file, String messagePart, String tensor) {
        return Arguments.of(rule, file, messagePart, tensor);
    }

    private static Arguments broken(String rule, String header, long dataBytes, String messagePart, String tensor) {
        return broken(rule, file(header, dataBytes), messagePart, tensor);
    }

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                // The 8-byte length prefix
                broken("empty file", new byte[0], "file is empty", null),
                broken("shorter than the prefix", new byte[5], "5 bytes, too short for the 8-byte header length", null),
                broken("header length over 100,000,000",
                        concat(lengthPrefix(100_000_001L), "{}".getBytes(StandardCharsets.UTF_8)),
                        "header length 100000001 exceeds the limit of 100000000 bytes", null),
                broken("header length with the top bit set (unsigned)", concat(lengthPrefix(-1L), new byte[8]),
                        "header length 18446744073709551615 exceeds the limit", null),
                broken("header length past the end of the file",
                        concat(lengthPrefix(64), "{}".getBytes(StandardCharsets.UTF_8)),
                        "header length 64 runs past the end of the file: only 2 bytes follow", null),

                // Strict UTF-8, strict JSON
                broken("invalid UTF-8", concat(lengthPrefix(4), new byte[] {'{', (byte) 0xC3, '}', ' '}),
                        "header is not valid UTF-8", null),
                broken("UTF-8 overlong encoding", concat(lengthPrefix(4), new byte[] {'{', (byte) 0xC0, (byte) 0xAF, '}'}),
                        "header is not valid UTF-8", null),
                broken("empty header", lengthPrefix(0), "header is not valid JSON: End of input", null),
                broken("not JSON", "hello", 0, "header is not valid JSON: malformed JSON at line 1 column 1", null),
                broken("truncated JSON", "{" + A, 8, "header is not valid JSON: End of input", null),
                broken("trailing garbage after the object", "{" + A + "}x", 8, "header is not valid JSON: malformed JSON at line 1 column 56", null),
                broken("a second top-level value", "{" + A + "}{}", 8, "header is not valid JSON: malformed JSON at line 1 column 56", null),
                broken("trailing NUL padding", "{" + A + "}\0\0\0", 8, "header is not valid JSON: malformed JSON at line 1 column 56", null),
                broken("a comment", "{/*c*/" + A + "}", 8, "header is not valid JSON: malformed JSON at line 1 column 3", null),
                broken("single quotes", "{'a':{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8,
                        "header is not valid JSON: malformed JSON at line 1 column 3", null),
                broken("trailing comma", "{" + A + ",}", 8, "header is not valid JSON: Expected name", null),
                broken("unescaped control character in a name",
                        "{\"a\tb\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8,
                        "header is not valid JSON: Unescaped control characters", null),
                broken("byte order mark before the JSON", "\uFEFF{" + A + "}", 8,
                        "header is not valid JSON: it starts with a byte order mark", null),
                broken("top level is an array", "[]", 0, "header must be a JSON object, found BEGIN_ARRAY", null),

                // Keys and names
                broken("duplicate tensor name", "{" + A + "," + A + "}", 8, "duplicate tensor name", "a"),
                broken("duplicate __metadata__", "{\"__metadata__\":{},\"__metadata__\":{}}", 0,
                        "duplicate key '__metadata__'", null),
                broken("duplicate key inside __metadata__", "{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", 0,
                        "duplicate key 'k' in '__metadata__'", null),
                broken("NUL in a tensor name", "{" + entry("a\\u0000b", "F32", "[2]", 0, 8) + "}", 8,
                        "tensor name contains a NUL character", "a\0b"),
                broken("lone surrogate escape in a name", "{" + entry("a\\ud800", "F32", "[2]", 0, 8) + "}", 8,
                        "unpaired UTF-16 surrogate", "a\ud800"),

                // __metadata__ is a string to string map
                broken("__metadata__ not an object", "{\"__metadata__\":\"pt\"}", 0,
                        "'__metadata__' must be an object of strings, found STRING", null),
                broken("__metadata__ value a number", "{\"__metadata__\":{\"format\":1}}", 0,
                        "'__metadata__' must map strings to strings; 'format' is NUMBER", null),
                broken("__metadata__ value an object", "{\"__metadata__\":{\"format\":{}}}", 0,
                        "'__metadata__' must map strings to strings; 'format' is BEGIN_OBJECT", null),

                // Each entry: exactly dtype, shape, data_offsets
                broken("entry not an object", "{\"a\":[0,8]}", 8, "entry must be an object", "a"),
                broken("missing dtype", "{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", 8, "missing field 'dtype'", "a"),
                broken("missing shape", "{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", 8, "missing field 'shape'", "a"),
                broken("missing data_offsets", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8,
                        "missing field 'data_offsets'", "a"),
                broken("unknown field", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"x\":1}}", 8,
                        "unknown field 'x'", "a"),
                broken("duplicate field", "{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}",
                        8, "duplicate field 'dtype'", "a"),
                broken("unknown dtype", "{" + entry("a", "F17", "[2]", 0, 8) + "}", 8, "unknown dtype 'F17'", "a"),
                broken("dtype in lower case", "{" + entry("a", "f32", "[2]", 0, 8) + "}", 8, "unknown dtype 'f32'", "a"),
                broken("dtype not a string", "{\"a\":{\"dtype\":4,\"shape\":[2],\"data_offsets\":[0,8]}}", 8,
                        "dtype must be a string, found NUMBER", "a"),
                broken("shape not an array", "{" + entry("a", "F32", "2", 0, 8) + "}", 8,
                        "shape must be an array of non-negative integers", "a"),
                broken("negative dimension", "{" + entry("a", "F32", "[-2]", 0, 8) + "}", 8,
                        "shape must hold non-negative integers, found -2", "a"),
                broken("fractional dimension", "{" + entry("a", "F32", "[2.0]", 0, 8) + "}", 8,
                        "shape must hold non-negative integers, found 2.0", "a"),
                broken("dimension with an exponent", "{" + entry("a", "F32", "[2e0]", 0, 8) + "}", 8,
                        "shape must hold non-negative integers, found 2e0", "a"),
                broken("dimension as a string", "{" + entry("a", "F32", "[\"2\"]", 0, 8) + "}", 8,
                        "shape must hold non-negative integers, found STRING", "a"),
                broken("dimension beyond 64 bits", "{" + entry("a", "F32", "[18446744073709551616]", 0, 8) + "}", 8,
                        "shape value 18446744073709551616 exceeds 2^63 - 1", "a"),
                broken("one data offset", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8]}}", 8,
                        "data_offsets must be [begin, end], found 1 number", "a"),
                broken("three data offsets", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8,8]}}", 8,
                        "data_offsets must be [begin, end], found 3 numbers", "a"),
                broken("negative data offset", "{" + entry("a", "F32", "[2]", -8, 0) + "}", 8,
                        "data_offsets must hold non-negative integers, found -8", "a"),
                broken("end before begin", "{" + entry("a", "F32", "[0]", 8, 0) + "}", 0,
                        "data_offsets [8, 0) end before they begin", "a"),

                // Tiling, sizes, file length
                broken("first tensor not at 0", "{" + entry("a", "F32", "[2]", 4, 12) + "}", 12,
                        "data_offsets [4, 12) leave a gap: the first tensor must begin at 0", "a"),
                broken("gap between tensors", "{" + A + "," + entry("b", "F32", "[1]", 12, 16) + "}", 16,
                        "data_offsets [12, 16) leave a gap: the previous tensor ends at 8", "b"),
                broken("overlapping tensors", "{" + A + "," + entry("b", "F32", "[2]", 4, 12) + "}", 12,
                        "data_offsets [4, 12) overlap the previous tensor, which ends at 8", "b"),
                broken("byte size not shape × dtype", "{" + entry("a", "F32", "[3]", 0, 8) + "}", 8,
                        "data_offsets [0, 8) hold 8 bytes but shape [3] of F32 (4 bytes each) needs 12", "a"),
                broken("byte size wrong for the dtype", "{" + entry("a", "F64", "[2]", 0, 8) + "}", 8,
                        "hold 8 bytes but shape [2] of F64 (8 bytes each) needs 16", "a"),
                broken("shape product overflows", "{" + entry("a", "F32", "[4294967296,4294967296]", 0, 8) + "}", 8,
                        "shape [4294967296, 4294967296] of F32 overflows 64-bit arithmetic", "a"),
                broken("shape × dtype size overflows", "{" + entry("a", "F64", "[2305843009213693952]", 0, 8) + "}", 8,
                        "overflows 64-bit arithmetic", "a"),
                broken("an overflow before a zero dimension still overflows",
                        "{" + entry("a", "U8", "[4294967296,4294967296,0]", 0, 0) + "}", 0,
                        "overflows 64-bit arithmetic", "a"),
                broken("file shorter than the data", "{" + A + "}", 6,
                        "tensor data ends at offset 8 but 6 bytes follow the header (8-byte prefix + 54-byte header): the file is truncated", null),
                broken("file truncated inside the data", "{" + A + "," + entry("b", "F32", "[1]", 8, 12) + "}", 9,
                        "the file is truncated", null),
                broken("trailing bytes after the last tensor", "{" + A + "}", 9, "trailing bytes after the last tensor", null),
                broken("data but no tensors", "{}", 4, "tensor data ends at offset 0 but 4 bytes follow the header", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void rejects(String rule, byte[] bytes, String messagePart, String tensor) throws IOException {
        Path path = Files.write(dir.resolve("broken.safetensors"), bytes);
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> SafetensorsFile.open(path).close());
        assertTrue(e.getMessage().startsWith("broken.safetensors: "), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), () -> "expected '" + messagePart + "' in: " + e.getMessage());
        assertEquals(Optional.ofNullable(tensor), e.tensor(), e.getMessage());
        assertEquals(path, e.file());
        if (tensor != null) {
            assertTrue(e.getMessage().startsWith("broken.safetensors: tensor '"), e.getMessage());
        }
    }

    @Test
    void missingFileIsASafetensorsException() {
        Path path = dir.resolve("absent.safetensors");
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> SafetensorsFile.open(path));
        assertEquals("absent.safetensors: no such file", e.getMessage());
    }

    @Test
    void controlCharactersInNamesAreEscapedInMessages() throws IOException {
        Path path = Files.write(dir.resolve("x.safetensors"), file("{" + entry("a\\nb", "F32", "[3]", 0, 8) + "}", 8));
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> SafetensorsFile.open(path));
        assertTrue(e.getMessage().startsWith("x.safetensors: tensor 'a\\u000ab': "), e.getMessage());
        assertEquals(Optional.of("a\nb"), e.tensor());
    }

    @Test
    void headerOverTheCapIsRejectedWithoutReadingIt() throws IOException {
        // A length just over the cap with a file big enough to hold it: the cap, not the file
        // size, must be what rejects it, and nothing of the header may be read.
        Path path = dir.resolve("big.safetensors");
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.SPARSE)) {
            channel.write(ByteBuffer.wrap(lengthPrefix(HeaderLength.MAX_HEADER_BYTES + 1)));
            channel.write(ByteBuffer.wrap(new byte[] {'}'}), 8 + HeaderLength.MAX_HEADER_BYTES + 8);
        }
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> SafetensorsFile.open(path));
        assertTrue(e.getMessage().contains("exceeds the limit of 100000000 bytes"), e.getMessage());
    }

    static Stream<Arguments> legalFiles() {
        return Stream.of(
                Arguments.of("no tensors", "{}", 0),
                Arguments.of("only metadata", "{\"__metadata__\":{\"format\":\"pt\"}}", 0),
                Arguments.of("null metadata, which the reference reads as none", "{\"__metadata__\":null," + A + "}", 8),
                Arguments.of("0-rank scalar", "{" + entry("s", "F32", "[]", 0, 4) + "}", 4),
                Arguments.of("zero-size tensor", "{" + entry("z", "F32", "[0,3]", 0, 0) + "," + A + "}", 8),
                Arguments.of("two zero-size tensors at the same offset",
                        "{" + A + "," + entry("z1", "F16", "[0]", 8, 8) + "," + entry("z2", "I64", "[2,0]", 8, 8) + "}", 8),
                Arguments.of("entries out of offset order", "{" + entry("b", "U8", "[2]", 8, 10) + "," + A + "}", 10),
                Arguments.of("fields in another order",
                        "{\"a\":{\"data_offsets\":[0,8],\"shape\":[2],\"dtype\":\"F32\"}}", 8),
                Arguments.of("whitespace around the JSON", " \t\n{ " + A + " }\r\n      ", 8),
                Arguments.of("every dtype", "{" + entry("b", "BOOL", "[1]", 0, 1) + "," + entry("u8", "U8", "[1]", 1, 2)
                        + "," + entry("i8", "I8", "[1]", 2, 3) + "," + entry("e4", "F8_E4M3", "[1]", 3, 4)
                        + "," + entry("e5", "F8_E5M2", "[1]", 4, 5) + "," + entry("u16", "U16", "[1]", 5, 7)
                        + "," + entry("i16", "I16", "[1]", 7, 9) + "," + entry("f16", "F16", "[1]", 9, 11)
                        + "," + entry("bf16", "BF16", "[1]", 11, 13) + "," + entry("u32", "U32", "[1]", 13, 17)
                        + "," + entry("i32", "I32", "[1]", 17, 21) + "," + entry("f32", "F32", "[1]", 21, 25)
                        + "," + entry("u64", "U64", "[1]", 25, 33) + "," + entry("i64", "I64", "[1]", 33, 41)
                        + "," + entry("f64", "F64", "[1]", 41, 49) + "}", 49),
                Arguments.of("non-ASCII names and metadata",
                        "{\"__metadata__\":{\"ключ\":\"値\"}," + entry("tête\\u00e9😀", "U8", "[1]", 0, 1) + "}", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("legalFiles")
    void accepts(String what, String header, long dataBytes) throws IOException {
        Path path = Files.write(dir.resolve("ok.safetensors"), file(header, dataBytes));
        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            long total = 0;
            for (TensorInfo t : file.tensors()) {
                assertEquals(t.byteSize(), file.toByteArray(t).length, t.name());
                total += t.byteSize();
            }
            assertEquals(dataBytes, total);
        }
    }

    @Test
    void scalarAndZeroSizeTensorsRead() throws IOException {
        byte[] twoPointFive = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(2.5f).array();
        byte[] header = ("{" + entry("s", "F32", "[]", 0, 4) + "," + entry("z", "F32", "[0,3]", 4, 4) + "}")
                .getBytes(StandardCharsets.UTF_8);
        Path path = Files.write(dir.resolve("ok.safetensors"), concat(lengthPrefix(header.length), header, twoPointFive));
        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            TensorInfo s = file.require("s");
            assertEquals("[]", s.shapeString());
            assertEquals(1, s.elementCount());
            assertEquals(2.5f, file.toFloatArray(s)[0]);
            TensorInfo z = file.require("z");
            assertEquals(0, z.elementCount());
            assertEquals(0, file.toFloatArray(z).length);
            assertEquals(0, file.f32(z).byteSize());
        }
    }
}
