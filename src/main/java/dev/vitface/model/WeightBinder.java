package dev.vitface.model;

import dev.vitface.safetensors.DType;
import dev.vitface.safetensors.SafetensorsFile;
import dev.vitface.safetensors.TensorInfo;
import dev.vitface.util.FailureText;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Binds every tensor of a checkpoint to its place in {@link ClipVisionWeights} by its HF name,
 * checking dtype and shape against the config. It does not stop at the first problem: it
 * collects them all (a missing tensor, a wrong shape, an unexpected key), so {@code inspect}
 * can list everything wrong with a file at once.
 */
final class WeightBinder {
    /** Key prefixes of the vision tower, most specific first (docs/REFERENCE.md, "Checkpoint layouts"). */
    static final List<String> PREFIXES = List.of("vision_model.vision_model.", "vision_model.", "");

    private final SafetensorsFile file;
    private final VisionConfig config;
    private final Labels labels;
    private final String prefix;
    private final Set<String> bound = new HashSet<>();
    private final List<String> problems = new ArrayList<>();

    WeightBinder(SafetensorsFile file, VisionConfig config, Labels labels) {
        this.file = file;
        this.config = config;
        this.labels = labels;
        this.prefix = detectPrefix(file);
    }

    /** The prefix under which {@code embeddings.class_embedding} is found ("" if none is). */
    static String detectPrefix(SafetensorsFile file) {
        for (String p : PREFIXES) {
            if (file.find(p + "embeddings.class_embedding").isPresent()) return p;
        }
        return "vision_model.";
    }

    String prefix() {
        return prefix;
    }

    List<String> problems() {
        return problems;
    }

    /** Binds everything; throws a {@link ModelException} listing every problem if any was found. */
    ClipVisionWeights bind() {
        int hidden = config.hiddenSize();
        int inter = config.intermediateSize();
        String fileName = file.path().getFileName().toString();

        MemorySegment patch = tensor("embeddings.patch_embedding.weight",
                hidden, config.numChannels(), config.patchSize(), config.patchSize());
        MemorySegment cls = tensor("embeddings.class_embedding", hidden);
        MemorySegment pos = tensor("embeddings.position_embedding.weight", config.tokens(), hidden);
        LayerNormWeights pre = layerNorm("pre_layrnorm");
        List<EncoderLayerWeights> layers = new ArrayList<>();
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            String l = "encoder.layers." + i + ".";
            layers.add(new EncoderLayerWeights(
                    layerNorm(l + "layer_norm1"),
                    linear(l + "self_attn.q_proj", hidden, hidden),
                    linear(l + "self_attn.k_proj", hidden, hidden),
                    linear(l + "self_attn.v_proj", hidden, hidden),
                    linear(l + "self_attn.out_proj", hidden, hidden),
                    layerNorm(l + "layer_norm2"),
                    linear(l + "mlp.fc1", inter, hidden),
                    linear(l + "mlp.fc2", hidden, inter)));
        }
        LayerNormWeights post = layerNorm("post_layernorm");
        Map<Task, LinearWeights> heads = new EnumMap<>(Task.class);
        for (Task task : Task.values()) {
            LinearWeights head = head(task);
            if (head != null) heads.put(task, head);
        }
        for (TensorInfo t : file.tensors()) {
            if (!bound.contains(t.name()) && !isIgnored(t.name())) {
                problems.add(fileName + ": unexpected tensor '" + t.name() + "' " + t.dtype() + " " + t.shapeString()
                        + " (not part of a CLIP vision tower with " + config.numHiddenLayers() + " layers)");
            }
        }
        if (!problems.isEmpty()) {
            throw new ModelException(fileName + ": " + problems.size() + " problem(s) binding the weights", problems);
        }
        return new ClipVisionWeights(patch, cls, pos, pre, layers, post, heads);
    }

    /**
     * Keys that are not the vision tower or its heads, ignored as docs/REFERENCE.md lists them;
     * {@code visual_projection.weight} (the CLIP image-embedding projection) among them, since
     * no output of the engine reads it.
     */
    static boolean isIgnored(String name) {
        return name.startsWith("text_model.") || name.startsWith("text_projection.") || name.equals("logit_scale")
                || name.endsWith(".position_ids") || name.endsWith("visual_projection.weight");
    }

    private LinearWeights head(Task task) {
        String key = task.headPrefix() + "weight";
        Optional<TensorInfo> info = file.find(key);
        if (info.isEmpty()) {
            problems.add("missing tensor '" + key + "' (expected [" + labels.of(task).size() + ", " + config.hiddenSize()
                    + "]); the heads are part of model.safetensors");
            return null;
        }
        long[] shape = info.get().shape();
        int rows = shape.length == 2 ? (int) Math.min(shape[0], Integer.MAX_VALUE) : -1;
        try {
            labels.checkHeadSize(task, rows);
        } catch (ModelException e) {
            problems.add(FailureText.of(e));
            return null;
        }
        MemorySegment w = exact(key, rows, config.hiddenSize());
        MemorySegment b = exact(task.headPrefix() + "bias", rows);
        return w == null || b == null ? null : new LinearWeights(w, b, rows, config.hiddenSize());
    }

    private LayerNormWeights layerNorm(String name) {
        return new LayerNormWeights(tensor(name + ".weight", config.hiddenSize()), tensor(name + ".bias", config.hiddenSize()));
    }

    private LinearWeights linear(String name, int out, int in) {
        return new LinearWeights(tensor(name + ".weight", out, in), tensor(name + ".bias", out), out, in);
    }

    private MemorySegment tensor(String name, long... shape) {
        return exact(prefix + name, shape);
    }

    private MemorySegment exact(String key, long... expected) {
        Optional<TensorInfo> found = file.find(key);
        if (found.isEmpty()) {
            problems.add("missing tensor '" + key + "' (expected F32/F16/BF16 " + Arrays.toString(expected) + ")");
            return null;
        }
        TensorInfo info = found.get();
        bound.add(key);
        if (!isFloat(info.dtype())) {
            problems.add("tensor '" + key + "': dtype " + info.dtype() + ", expected F32, F16 or BF16");
            return null;
        }
        if (!Arrays.equals(info.shape(), expected)) {
            problems.add("tensor '" + key + "': shape " + info.shapeString() + ", expected " + Arrays.toString(expected));
            return null;
        }
        return file.f32(info);
    }

    private static boolean isFloat(DType dtype) {
        return dtype == DType.F32 || dtype == DType.F16 || dtype == DType.BF16;
    }
}
