package dev.vitface.safetensors;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of seeded corruptions of the tiny checkpoint: truncations, byte flips and JSON-aware
 * header edits. Whatever the damage, opening the file and reading every tensor may only throw
 * {@link SafetensorsException}: never another exception, never an OutOfMemoryError.
 *
 * <p>The format never interprets tensor values, so a mutant is its prefix and header bytes
 * followed by filler up to the mutant's length: the same validation work as the real bytes at a
 * hundredth of the disk writes.
 */
class MutationTest {
    private static final long SEED = 0x5AFE_7E45_0125L;
    private static final int MUTATIONS = 4000;
    private static final long TIME_BUDGET_NANOS = 15_000_000_000L;

    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern DTYPE = Pattern.compile("\"dtype\":\"[A-Z0-9_]+\"");
    private static final Pattern KEY = Pattern.compile("\"[^\"]*\":");
    private static final String[] DTYPES = {"BOOL", "U8", "I8", "U16", "I16", "F16", "BF16", "U32", "I32", "F32",
        "U64", "I64", "F64", "F8_E4M3", "F8_E5M2", "F8_E8M0", "f32", "", "F32 ", "C64"};
    private static final String[] NUMBERS = {"0", "1", "2", "3", "4", "7", "8", "-1", "1.5", "1e3", "00",
        "9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616",
        "4294967296", "100000000", "100000001", "2305843009213693952"};
    private static final String[] KEYS = {"\"dtype\":", "\"shape\":", "\"data_offsets\":", "\"__metadata__\":",
        "\"dtypes\":", "\"\":", "\"a\\u0000b\":", "\"vision_model.embeddings.class_embedding\":", "\"format\":"};
    private static final String[] SNIPPETS = {"{", "}", "[", "]", ",", ":", "\"", "\\", "\u0000", "\u00e9",
        " ", "null", "true", "[]", "{}", "\"x\":1,", "/*", "\ud83d\ude00"};

    private enum Kind { TRUNCATE, FLIP_BYTES, LENGTH_PREFIX, NUMBER, DTYPE, KEY, SNIPPET }

    @TempDir
    Path dir;

    private byte[] original;
    private int headerBytes;
    private String header;
    private long dataLength;

    @Test
    void corruptedFilesOnlyEverThrowSafetensorsException() throws IOException {
        original = Files.readAllBytes(RawFiles.fixture("tiny/model.safetensors"));
        headerBytes = (int) ByteBuffer.wrap(original, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        header = new String(original, 8, headerBytes, StandardCharsets.UTF_8);
        dataLength = original.length - 8 - headerBytes;

        SplittableRandom random = new SplittableRandom(SEED);
        Map<Kind, int[]> rejectedAccepted = new EnumMap<>(Kind.class);
        Path target = dir.resolve("mutant.safetensors");
        long start = System.nanoTime();
        int done = 0;
        for (; done < MUTATIONS && System.nanoTime() - start < TIME_BUDGET_NANOS; done++) {
            Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
            write(target, mutate(kind, random));
            boolean rejected = openAndReadEverything(target, kind, done);
            rejectedAccepted.computeIfAbsent(kind, k -> new int[2])[rejected ? 0 : 1]++;
        }
        // The budget only guards a badly overloaded machine; normally all MUTATIONS run in a few seconds.
        assertTrue(done >= 500, "only " + done + " mutations ran within the time budget");
        for (Kind kind : Kind.values()) {
            int[] counts = rejectedAccepted.getOrDefault(kind, new int[2]);
            // Every kind of damage must actually reach the validator, or the test proves nothing.
            assertTrue(counts[0] > 0, kind + " never produced a rejected file: " + counts[0] + "/" + counts[1]);
        }
    }

    /** True if the file was rejected; fails the test on any throwable other than SafetensorsException. */
    private static boolean openAndReadEverything(Path path, Kind kind, int index) {
        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            for (TensorInfo t : file.tensors()) {
                file.toByteArray(t);
                switch (t.dtype()) {
                    case F32, F16, BF16 -> {
                        file.f32(t);
                        file.toFloatArray(t);
                    }
                    case F64 -> file.toDoubleArray(t);
                    case I64 -> file.toLongArray(t);
                    default -> file.bytes(t);
                }
            }
            return false;
        } catch (SafetensorsException expected) {
            return true;
        } catch (Throwable other) {
            throw new AssertionError("mutation #" + index + " (" + kind + ", seed " + SEED + ") threw " + other, other);
        }
    }

    /** The first bytes of a mutant file and its total length; the data bytes after {@code head} are filler. */
    private record Mutant(byte[] head, long length) {}

    /**
     * Rewrites the head in place and sets the length; whatever filler earlier mutants left in the
     * data section stays. Truncating to 0 each time would cost a journal commit per mutant.
     */
    private static void write(Path path, Mutant mutant) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            file.write(mutant.head(), 0, (int) Math.min(mutant.head().length, mutant.length()));
            file.setLength(mutant.length());
        }
    }

    private Mutant mutate(Kind kind, SplittableRandom random) {
        byte[] head = Arrays.copyOf(original, 8 + headerBytes);
        return switch (kind) {
            case TRUNCATE -> {
                // Half the cuts inside the prefix and header, where parsing is most delicate.
                int limit = random.nextBoolean() ? head.length + 16 : original.length;
                yield new Mutant(head, random.nextInt(limit));
            }
            case FLIP_BYTES -> {
                for (int i = 1 + random.nextInt(3); i > 0; i--) head[random.nextInt(head.length)] ^= (byte) (1 << random.nextInt(8));
                yield new Mutant(head, original.length);
            }
            case LENGTH_PREFIX -> {
                long[] choices = {0, 1, 7, headerBytes - 1, headerBytes + 1, headerBytes + 8,
                    original.length, 100_000_001L, -1L, Long.MIN_VALUE, 1L << 32, random.nextLong()};
                ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).putLong(0, choices[random.nextInt(choices.length)]);
                yield new Mutant(head, original.length);
            }
            case NUMBER -> assemble(replaceRandomMatch(NUMBER, NUMBERS[random.nextInt(NUMBERS.length)], random), random);
            case DTYPE -> assemble(replaceRandomMatch(DTYPE,
                    "\"dtype\":\"" + DTYPES[random.nextInt(DTYPES.length)] + "\"", random), random);
            case KEY -> assemble(replaceRandomMatch(KEY, KEYS[random.nextInt(KEYS.length)], random), random);
            case SNIPPET -> {
                int at = random.nextInt(header.length() + 1);
                String snippet = SNIPPETS[random.nextInt(SNIPPETS.length)];
                // Insert, or overwrite as many characters as the snippet is long.
                int end = random.nextBoolean() ? at : Math.min(header.length(), at + snippet.length());
                yield assemble(header.substring(0, at) + snippet + header.substring(end), random);
            }
        };
    }

    private String replaceRandomMatch(Pattern pattern, String replacement, SplittableRandom random) {
        List<int[]> spans = new ArrayList<>();
        Matcher m = pattern.matcher(header);
        while (m.find()) spans.add(new int[] {m.start(), m.end()});
        int[] span = spans.get(random.nextInt(spans.size()));
        return header.substring(0, span[0]) + replacement + header.substring(span[1]);
    }

    /** The edited header with a length prefix that matches it (usually) or the old one. */
    private Mutant assemble(String editedHeader, SplittableRandom random) {
        byte[] h = editedHeader.getBytes(StandardCharsets.UTF_8);
        long prefix = random.nextInt(8) == 0 ? headerBytes : h.length;
        return new Mutant(RawFiles.concat(RawFiles.lengthPrefix(prefix), h), 8L + h.length + dataLength);
    }
}
