package dev.vitface.safetensors;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A second, deliberately naive reader of well-formed files: Gson's tree parser and a ByteBuffer.
 * Shares no code with the production reader, so a test comparing the two can catch its bugs.
 */
final class IndependentReader {
    record Entry(String name, String dtype, long[] shape, long begin, long end) {}

    final Map<String, String> metadata = new LinkedHashMap<>();
    final List<Entry> entries = new ArrayList<>();
    final ByteBuffer data;

    IndependentReader(Path file) throws IOException {
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int n = (int) all.getLong(0);
        String header = new String(all.array(), 8, n, StandardCharsets.UTF_8);
        JsonObject root = JsonParser.parseString(header).getAsJsonObject();
        for (Map.Entry<String, JsonElement> e : root.entrySet()) {
            JsonObject v = e.getValue().getAsJsonObject();
            if (e.getKey().equals("__metadata__")) {
                v.entrySet().forEach(m -> metadata.put(m.getKey(), m.getValue().getAsString()));
                continue;
            }
            long[] shape = new long[v.getAsJsonArray("shape").size()];
            for (int i = 0; i < shape.length; i++) shape[i] = v.getAsJsonArray("shape").get(i).getAsLong();
            entries.add(new Entry(e.getKey(), v.get("dtype").getAsString(), shape,
                    v.getAsJsonArray("data_offsets").get(0).getAsLong(),
                    v.getAsJsonArray("data_offsets").get(1).getAsLong()));
        }
        data = all.slice(8 + n, all.capacity() - 8 - n).order(ByteOrder.LITTLE_ENDIAN);
    }

    byte[] bytes(Entry e) {
        byte[] out = new byte[(int) (e.end() - e.begin())];
        data.get((int) e.begin(), out);
        return out;
    }

    float[] floats(Entry e) {
        float[] out = new float[(int) ((e.end() - e.begin()) / 4)];
        for (int i = 0; i < out.length; i++) out[i] = data.getFloat((int) e.begin() + 4 * i);
        return out;
    }

    double[] doubles(Entry e) {
        double[] out = new double[(int) ((e.end() - e.begin()) / 8)];
        for (int i = 0; i < out.length; i++) out[i] = data.getDouble((int) e.begin() + 8 * i);
        return out;
    }
}
