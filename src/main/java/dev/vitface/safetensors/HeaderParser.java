package dev.vitface.safetensors;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses the header bytes: strict UTF-8, then strict JSON read token by token so that every
 * structural rule (an object at the top, {@code __metadata__} string to string, each tensor entry
 * exactly {@code dtype}, {@code shape}, {@code data_offsets}, no duplicate keys, nothing after the
 * object but whitespace) is checked here and reported with the tensor it concerns. Offsets and
 * sizes are checked afterwards by {@link LayoutValidator}.
 */
final class HeaderParser {
    static final String METADATA_KEY = "__metadata__";

    private final Path file;
    private final JsonReader json;

    private HeaderParser(Path file, String text) {
        this.file = file;
        this.json = new JsonReader(new StringReader(text));
        // STRICT: no comments, unquoted names, single quotes, NaN, unescaped control characters or
        // trailing values; the reference reader uses serde_json, which accepts none of them.
        json.setStrictness(Strictness.STRICT);
    }

    static Header parse(Path file, byte[] headerBytes) {
        String text = decodeUtf8(file, headerBytes);
        // Gson skips a leading byte order mark even when strict; serde_json refuses it.
        if (text.startsWith("\uFEFF")) {
            throw new SafetensorsException(file, null, "header is not valid JSON: it starts with a byte order mark");
        }
        HeaderParser parser = new HeaderParser(file, text);
        try {
            return parser.header();
        } catch (IOException e) {
            // MalformedJsonException and EOFException: Gson's message says where.
            throw new SafetensorsException(file, null, "header is not valid JSON: " + describe(e), e);
        }
    }

    private Header header() throws IOException {
        if (json.peek() != JsonToken.BEGIN_OBJECT) {
            throw fail(null, "header must be a JSON object, found " + json.peek());
        }
        json.beginObject();
        Map<String, String> metadata = new LinkedHashMap<>();
        List<TensorInfo> tensors = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        while (json.hasNext()) {
            String key = json.nextName();
            if (!keys.add(key)) {
                throw key.equals(METADATA_KEY)
                        ? fail(null, "duplicate key '" + METADATA_KEY + "'")
                        : fail(key, "duplicate tensor name");
            }
            if (key.equals(METADATA_KEY)) {
                metadata = metadata();
            } else {
                tensors.add(tensor(key));
            }
        }
        json.endObject();
        if (json.peek() != JsonToken.END_DOCUMENT) {
            throw fail(null, "header has data after the JSON object");
        }
        return new Header(metadata, tensors);
    }

    private Map<String, String> metadata() throws IOException {
        if (json.peek() == JsonToken.NULL) {
            // serde reads null into the reference's Option as "no metadata"
            json.nextNull();
            return Map.of();
        }
        if (json.peek() != JsonToken.BEGIN_OBJECT) {
            throw fail(null, "'" + METADATA_KEY + "' must be an object of strings, found " + json.peek());
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        json.beginObject();
        while (json.hasNext()) {
            String key = json.nextName();
            // peek first: Gson's nextString() would quietly turn a number into a string.
            JsonToken valueToken = json.peek();
            if (valueToken != JsonToken.STRING) {
                throw fail(null, "'" + METADATA_KEY + "' must map strings to strings; '"
                        + SafetensorsException.printable(key) + "' is " + valueToken);
            }
            String value = json.nextString();
            if (!wellFormedUnicode(key) || !wellFormedUnicode(value)) {
                throw fail(null, "'" + METADATA_KEY + "' holds an unpaired UTF-16 surrogate escape");
            }
            if (metadata.put(key, value) != null) {
                throw fail(null, "duplicate key '" + SafetensorsException.printable(key) + "' in '" + METADATA_KEY + "'");
            }
        }
        json.endObject();
        return metadata;
    }

    private TensorInfo tensor(String name) throws IOException {
        if (name.indexOf('\0') >= 0) throw fail(name, "tensor name contains a NUL character");
        if (!wellFormedUnicode(name)) throw fail(name, "tensor name contains an unpaired UTF-16 surrogate escape");
        if (json.peek() != JsonToken.BEGIN_OBJECT) {
            throw fail(name, "entry must be an object with dtype, shape and data_offsets, found " + json.peek());
        }
        DType dtype = null;
        long[] shape = null;
        long[] offsets = null;
        Set<String> fields = new HashSet<>();
        json.beginObject();
        while (json.hasNext()) {
            String field = json.nextName();
            if (!fields.add(field)) throw fail(name, "duplicate field '" + SafetensorsException.printable(field) + "'");
            switch (field) {
                case "dtype" -> dtype = dtype(name);
                case "shape" -> shape = unsignedArray(name, "shape");
                case "data_offsets" -> {
                    offsets = unsignedArray(name, "data_offsets");
                    if (offsets.length != 2) {
                        throw fail(name, "data_offsets must be [begin, end], found "
                                + offsets.length + (offsets.length == 1 ? " number" : " numbers"));
                    }
                }
                default -> throw fail(name, "unknown field '" + SafetensorsException.printable(field)
                        + "' (an entry has exactly dtype, shape and data_offsets)");
            }
        }
        json.endObject();
        if (dtype == null) throw fail(name, "missing field 'dtype'");
        if (shape == null) throw fail(name, "missing field 'shape'");
        if (offsets == null) throw fail(name, "missing field 'data_offsets'");
        if (offsets[1] < offsets[0]) {
            throw fail(name, "data_offsets [" + offsets[0] + ", " + offsets[1] + ") end before they begin");
        }
        return new TensorInfo(name, dtype, shape, offsets[0], offsets[1]);
    }

    private DType dtype(String name) throws IOException {
        JsonToken token = json.peek();
        if (token != JsonToken.STRING) throw fail(name, "dtype must be a string, found " + token);
        String spelled = json.nextString();
        return DType.fromName(spelled).orElseThrow(() -> fail(name,
                "unknown dtype '" + SafetensorsException.printable(spelled) + "'"));
    }

    /** A JSON array of integers in [0, 2^63), as {@code shape} and {@code data_offsets} need. */
    private long[] unsignedArray(String name, String field) throws IOException {
        if (json.peek() != JsonToken.BEGIN_ARRAY) {
            throw fail(name, field + " must be an array of non-negative integers, found " + json.peek());
        }
        List<Long> values = new ArrayList<>();
        json.beginArray();
        while (json.hasNext()) {
            JsonToken token = json.peek();
            if (token != JsonToken.NUMBER) {
                throw fail(name, field + " must hold non-negative integers, found " + token);
            }
            values.add(unsigned(name, field, json.nextString()));
        }
        json.endArray();
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) out[i] = values.get(i);
        return out;
    }

    private long unsigned(String name, String field, String literal) {
        // JSON already forbids leading zeros; what is left to refuse is a sign, a fraction or an
        // exponent, which serde_json refuses for usize too.
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c < '0' || c > '9') {
                throw fail(name, field + " must hold non-negative integers, found " + literal);
            }
        }
        try {
            return Long.parseLong(literal);
        } catch (NumberFormatException e) {
            throw fail(name, field + " value " + literal + " exceeds 2^63 - 1");
        }
    }

    private SafetensorsException fail(String tensor, String rule) {
        return new SafetensorsException(file, tensor, rule);
    }

    private static String decodeUtf8(Path file, byte[] bytes) {
        // REPORT (not REPLACE): a header with invalid UTF-8 is rejected, as the reference does.
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) result = decoder.flush(out);
        if (result.isError()) {
            throw new SafetensorsException(file, null, "header is not valid UTF-8 (bad byte sequence at header byte "
                    + in.position() + ")");
        }
        return out.flip().toString();
    }

    /**
     * Strict UTF-8 cannot encode a lone surrogate, but a JSON escape ({@code "\ud800"}) can;
     * serde_json rejects such a name, so do we.
     */
    private static boolean wellFormedUnicode(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) return false;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Gson's message without its troubleshooting link, and without its advice to parse leniently,
     * which is the opposite of what a reader of untrusted files should do.
     */
    private static String describe(IOException e) {
        String message = e.getMessage() == null ? "unexpected end" : e.getMessage();
        int nl = message.indexOf('\n');
        if (nl >= 0) message = message.substring(0, nl);
        return message.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "malformed JSON");
    }
}
