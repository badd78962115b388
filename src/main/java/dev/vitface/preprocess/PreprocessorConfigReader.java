package dev.vitface.preprocess;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.vitface.util.FailureText;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a model folder's {@code preprocessor_config.json} into {@link PreprocessorSettings}, in
 * both spellings transformers has written: {@code "size": 224, "crop_size": 224} (old) and
 * {@code "size": {"shortest_edge": 224}, "crop_size": {"height": 224, "width": 224}} (new). A key
 * that is absent takes CLIPImageProcessor's default (image_processing_clip.py); a key of the
 * wrong type, or {@code resample} other than 3 (bicubic), is an error naming the key. Other keys
 * ({@code image_processor_type}, {@code do_convert_rgb}: decoding always yields RGB) are ignored.
 */
public final class PreprocessorConfigReader {
    public static final String FILE_NAME = "preprocessor_config.json";
    private static final int DEFAULT_SIZE = 224;
    /** PIL.Image.BICUBIC, the only filter {@link PillowBicubic} implements. */
    private static final int BICUBIC = 3;

    private PreprocessorConfigReader() {}

    /** Reads {@code modelDir/preprocessor_config.json}. */
    public static PreprocessorSettings read(Path modelDir) throws PreprocessorConfigException {
        Path file = modelDir.resolve(FILE_NAME);
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PreprocessorConfigException(file + ": cannot read (" + e + ")", e);
        }
        return parse(json, file.toString());
    }

    /** Parses the JSON text; {@code source} names it in error messages. */
    public static PreprocessorSettings parse(String json, String source) throws PreprocessorConfigException {
        JsonObject root = parseObject(json, source);
        Fields f = new Fields(root, source);
        int resample = f.integer("resample", BICUBIC);
        if (resample != BICUBIC) {
            throw f.error("resample", "is " + resample + "; only 3 (bicubic) is supported");
        }
        int shortestEdge = f.shortestEdge();
        int[] crop = f.cropSize();
        PreprocessorSettings defaults = PreprocessorSettings.clipDefaults(DEFAULT_SIZE);
        try {
            return new PreprocessorSettings(
                    f.bool("do_resize", true), shortestEdge,
                    f.bool("do_center_crop", true), crop[0], crop[1],
                    f.bool("do_rescale", true), f.number("rescale_factor", defaults.rescaleFactor()),
                    f.bool("do_normalize", true),
                    f.perChannel("image_mean", defaults.imageMean()),
                    f.perChannel("image_std", defaults.imageStd()));
        } catch (IllegalArgumentException e) {
            throw new PreprocessorConfigException(source + ": " + FailureText.of(e), e);
        }
    }

    private static JsonObject parseObject(String json, String source) throws PreprocessorConfigException {
        try {
            JsonReader reader = new JsonReader(new StringReader(json));
            reader.setStrictness(Strictness.STRICT);
            JsonElement root = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) throw new JsonParseException("text after the JSON value");
            if (!root.isJsonObject()) throw new JsonParseException("not a JSON object");
            return root.getAsJsonObject();
        } catch (JsonParseException | IOException e) {
            throw new PreprocessorConfigException(source + ": not valid JSON (" + FailureText.of(e) + ")", e);
        }
    }

    /** Typed access to the keys of one config, with errors that name the key. */
    private record Fields(JsonObject root, String source) {

        PreprocessorConfigException error(String key, String problem) {
            return new PreprocessorConfigException(source + ": \"" + key + "\" " + problem);
        }

        boolean bool(String key, boolean fallback) throws PreprocessorConfigException {
            JsonElement e = root.get(key);
            if (e == null || e.isJsonNull()) return fallback;
            if (e instanceof JsonPrimitive p && p.isBoolean()) return p.getAsBoolean();
            throw error(key, "must be true or false, got " + e);
        }

        double number(String key, double fallback) throws PreprocessorConfigException {
            JsonElement e = root.get(key);
            if (e == null || e.isJsonNull()) return fallback;
            return number(key, e);
        }

        private double number(String key, JsonElement e) throws PreprocessorConfigException {
            if (e instanceof JsonPrimitive p && p.isNumber()) return p.getAsDouble();
            throw error(key, "must be a number, got " + e);
        }

        int integer(String key, int fallback) throws PreprocessorConfigException {
            JsonElement e = root.get(key);
            if (e == null || e.isJsonNull()) return fallback;
            return integer(key, e);
        }

        private int integer(String key, JsonElement e) throws PreprocessorConfigException {
            if (e instanceof JsonPrimitive p && p.isNumber()) {
                String text = p.getAsString();
                try {
                    // Plain digits first: BigDecimal's class initialiser squares its way to 5^65536
                    // (JDK 25), tens of ms of CPU and JIT work at every start, for "224".
                    return Integer.parseInt(text);
                } catch (NumberFormatException notPlain) {
                    // 224.0 or 2.24e2: still whole
                }
                try {
                    return new BigDecimal(text).intValueExact();
                } catch (ArithmeticException | NumberFormatException ignored) {
                    // reported below
                }
            }
            throw error(key, "must be a whole number, got " + e);
        }

        /** {@code size}: a number (old) or {@code {"shortest_edge": n}} (new). */
        int shortestEdge() throws PreprocessorConfigException {
            JsonElement e = root.get("size");
            if (e == null || e.isJsonNull()) return DEFAULT_SIZE;
            if (e.isJsonPrimitive()) return integer("size", e);
            if (e.isJsonObject() && e.getAsJsonObject().has("shortest_edge")) {
                return integer("size.shortest_edge", e.getAsJsonObject().get("shortest_edge"));
            }
            throw error("size", "must be a number or {\"shortest_edge\": n}, got " + e
                    + " (a fixed height x width resize is not supported)");
        }

        /** {@code crop_size} as {height, width}: a number (old) or {@code {"height": h, "width": w}} (new). */
        int[] cropSize() throws PreprocessorConfigException {
            JsonElement e = root.get("crop_size");
            if (e == null || e.isJsonNull()) return new int[] {DEFAULT_SIZE, DEFAULT_SIZE};
            if (e.isJsonPrimitive()) {
                int size = integer("crop_size", e);
                return new int[] {size, size};
            }
            JsonObject o = e.isJsonObject() ? e.getAsJsonObject() : null;
            if (o != null && o.has("height") && o.has("width")) {
                return new int[] {integer("crop_size.height", o.get("height")), integer("crop_size.width", o.get("width"))};
            }
            throw error("crop_size", "must be a number or {\"height\": h, \"width\": w}, got " + e);
        }

        /** One value for all channels, or three (R, G, B), as transformers accepts. */
        double[] perChannel(String key, double[] fallback) throws PreprocessorConfigException {
            JsonElement e = root.get(key);
            if (e == null || e.isJsonNull()) return fallback;
            if (e.isJsonPrimitive()) {
                double v = number(key, e);
                return new double[] {v, v, v};
            }
            if (e instanceof JsonArray a && a.size() == 3) {
                return new double[] {number(key, a.get(0)), number(key, a.get(1)), number(key, a.get(2))};
            }
            throw error(key, "must be a number or a list of 3 numbers, got " + e);
        }
    }
}
