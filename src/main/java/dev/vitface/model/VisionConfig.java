package dev.vitface.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.vitface.util.FailureText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sizes of a CLIP vision tower, read from {@code config.json}: a flat {@code CLIPVisionConfig}
 * or a {@code CLIPConfig} with a {@code vision_config} block. Every size must be in the file:
 * transformers' class defaults are ViT-B/32's, and silently taking them would build the wrong
 * model.
 */
public record VisionConfig(
        int hiddenSize,          // hidden_size, 1024 for L/14
        int intermediateSize,    // intermediate_size, 4096
        int numHiddenLayers,     // num_hidden_layers, 24
        int numAttentionHeads,   // num_attention_heads, 16
        int patchSize,           // patch_size, 14
        int imageSize,           // image_size, 224
        int numChannels,         // num_channels, 3
        float layerNormEps,      // layer_norm_eps, 1e-5
        int projectionDim) {     // projection_dim, 768 (visual_projection rows); 0 if absent

    public VisionConfig {
        positive("hidden_size", hiddenSize);
        positive("intermediate_size", intermediateSize);
        positive("num_hidden_layers", numHiddenLayers);
        positive("num_attention_heads", numAttentionHeads);
        positive("patch_size", patchSize);
        positive("image_size", imageSize);
        positive("num_channels", numChannels);
        if (hiddenSize % numAttentionHeads != 0) {
            throw new ModelException("config.json: hidden_size " + hiddenSize + " is not divisible by num_attention_heads "
                    + numAttentionHeads);
        }
        if (imageSize % patchSize != 0) {
            throw new ModelException("config.json: image_size " + imageSize + " is not a multiple of patch_size " + patchSize);
        }
        if (!(layerNormEps > 0) || !Float.isFinite(layerNormEps)) {
            throw new ModelException("config.json: layer_norm_eps must be a positive number, got " + layerNormEps);
        }
    }

    public int headDim() {
        return hiddenSize / numAttentionHeads;
    }

    /** Patches per side (16 for 224/14). */
    public int gridSize() {
        return imageSize / patchSize;
    }

    /** Tokens per image: one CLS plus one per patch (257 for L/14). */
    public int tokens() {
        return gridSize() * gridSize() + 1;
    }

    /** The input length of the patch embedding, {@code channels · patch²} (588 for L/14). */
    public int patchDim() {
        return numChannels * patchSize * patchSize;
    }

    /**
     * Floating-point operations of one image's forward pass (a multiply-add counts 2): the
     * patch GEMM, per layer q/k/v/out, fc1/fc2 and the two attention products, and the heads.
     * 162.0 GFLOP for ViT-L/14 at 224.
     */
    public double flopsPerImage(int headOutputs) {
        double t = tokens(), h = hiddenSize, i = intermediateSize;
        double patches = 2.0 * gridSize() * gridSize() * patchDim() * h;
        double perLayer = 2.0 * t * h * h * 4 + 2.0 * t * h * i * 2 + 2.0 * t * t * h * 2;
        return patches + numHiddenLayers * perLayer + 2.0 * h * headOutputs;
    }

    /** Conventional name, e.g. "CLIP ViT-L/14" or "CLIP ViT-L/14 @336px". */
    public String architectureName() {
        String size = switch (hiddenSize + "/" + numHiddenLayers) {
            case "768/12" -> "B";
            case "1024/24" -> "L";
            case "1280/32" -> "H";
            default -> null;
        };
        String name = size == null
                ? "CLIP ViT (hidden " + hiddenSize + ", " + numHiddenLayers + " layers)/" + patchSize
                : "CLIP ViT-" + size + "/" + patchSize;
        return imageSize == 224 ? name : name + " @" + imageSize + "px";
    }

    public static VisionConfig read(Path configJson) {
        String text;
        try {
            text = Files.readString(configJson, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelException(configJson + ": cannot read (" + FailureText.of(e) + ")", e);
        }
        JsonObject root;
        try {
            JsonElement parsed = JsonParser.parseString(text);
            if (!parsed.isJsonObject()) throw new ModelException(configJson.getFileName() + ": not a JSON object");
            root = parsed.getAsJsonObject();
        } catch (RuntimeException e) {
            if (e instanceof ModelException me) throw me;
            throw new ModelException(configJson.getFileName() + ": not valid JSON (" + FailureText.of(e) + ")", e);
        }
        return fromJson(root, configJson.getFileName().toString());
    }

    /** Accepts a flat CLIPVisionConfig or a CLIPConfig whose {@code vision_config} holds the sizes. */
    static VisionConfig fromJson(JsonObject root, String fileName) {
        JsonObject vision = root;
        String where = fileName;
        if (root.has("vision_config")) {
            if (!root.get("vision_config").isJsonObject()) {
                throw new ModelException(fileName + ": vision_config must be an object");
            }
            vision = root.getAsJsonObject("vision_config");
            where = fileName + " (vision_config)";
        }
        String act = optionalString(vision, "hidden_act", "quick_gelu", where);
        if (!act.equals("quick_gelu")) {
            throw new ModelException(where + ": hidden_act '" + act + "' is not supported; CLIP vision towers use quick_gelu");
        }
        int projection = vision.has("projection_dim") ? intField(vision, "projection_dim", where)
                : root.has("projection_dim") ? intField(root, "projection_dim", fileName) : 0;
        return new VisionConfig(
                intField(vision, "hidden_size", where),
                intField(vision, "intermediate_size", where),
                intField(vision, "num_hidden_layers", where),
                intField(vision, "num_attention_heads", where),
                intField(vision, "patch_size", where),
                intField(vision, "image_size", where),
                vision.has("num_channels") ? intField(vision, "num_channels", where) : 3,
                vision.has("layer_norm_eps") ? floatField(vision, "layer_norm_eps", where) : 1e-5f,
                projection);
    }

    private static int intField(JsonObject o, String key, String where) {
        JsonPrimitive p = primitive(o, key, where);
        try {
            double d = p.getAsDouble();
            if (d != Math.rint(d) || d > Integer.MAX_VALUE || d < Integer.MIN_VALUE) throw new NumberFormatException();
            return (int) d;
        } catch (NumberFormatException e) {
            throw new ModelException(where + ": '" + key + "' must be an integer, found " + p);
        }
    }

    private static float floatField(JsonObject o, String key, String where) {
        JsonPrimitive p = primitive(o, key, where);
        try {
            return (float) p.getAsDouble();
        } catch (NumberFormatException e) {
            throw new ModelException(where + ": '" + key + "' must be a number, found " + p);
        }
    }

    private static String optionalString(JsonObject o, String key, String fallback, String where) {
        if (!o.has(key)) return fallback;
        JsonElement e = o.get(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new ModelException(where + ": '" + key + "' must be a string, found " + e);
        }
        return e.getAsString();
    }

    private static JsonPrimitive primitive(JsonObject o, String key, String where) {
        JsonElement e = o.get(key);
        if (e == null) throw new ModelException(where + ": missing '" + key + "'");
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new ModelException(where + ": '" + key + "' must be a number, found " + e);
        }
        return e.getAsJsonPrimitive();
    }

    private static void positive(String key, int v) {
        if (v <= 0) throw new ModelException("config.json: '" + key + "' must be positive, got " + v);
    }
}
