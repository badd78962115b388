package dev.vitface.safetensors;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Serializes a header as the reference writer does ({@code prepare} in safetensors
 * {@code src/tensor.rs}): compact JSON, {@code __metadata__} first, then the tensors in data
 * order, padded with spaces to a multiple of 8 bytes so that the data section starts 8-aligned.
 */
final class HeaderWriter {
    private HeaderWriter() {}

    /** The header bytes (without the 8-byte length prefix). */
    static byte[] encode(Map<String, String> metadata, List<TensorSpec> tensors, long[] begins) {
        StringWriter text = new StringWriter();
        try (JsonWriter json = new JsonWriter(text)) {
            json.beginObject();
            if (!metadata.isEmpty()) {
                json.name(HeaderParser.METADATA_KEY).beginObject();
                for (Map.Entry<String, String> e : metadata.entrySet()) json.name(e.getKey()).value(e.getValue());
                json.endObject();
            }
            for (int i = 0; i < tensors.size(); i++) {
                TensorSpec t = tensors.get(i);
                json.name(t.name()).beginObject();
                json.name("dtype").value(t.dtype().name());
                json.name("shape").beginArray();
                for (long dim : t.shape()) json.value(dim);
                json.endArray();
                json.name("data_offsets").beginArray().value(begins[i]).value(begins[i] + t.byteSize()).endArray();
                json.endObject();
            }
            json.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory", e);
        }
        byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
        int padded = Math.multiplyExact((utf8.length + 7) / 8, 8);
        byte[] out = Arrays.copyOf(utf8, padded);
        Arrays.fill(out, utf8.length, padded, (byte) ' ');
        return out;
    }
}
