package dev.vitface.model.synth;

import dev.vitface.model.Labels;
import dev.vitface.model.Task;
import dev.vitface.model.VisionConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The tensor names and shapes of the published checkpoint for a given config: transformers'
 * CLIP vision tower under {@code vision_model.} plus the three heads, in the key order
 * safetensors writers use (sorted).
 */
public final class CheckpointLayout {

    /** One tensor of the layout. */
    public record Entry(String name, long[] shape) {
        public long elementCount() {
            long n = 1;
            for (long d : shape) n = Math.multiplyExact(n, d);
            return n;
        }
    }

    private CheckpointLayout() {}

    public static List<Entry> of(VisionConfig c, Labels labels) {
        long h = c.hiddenSize();
        long i = c.intermediateSize();
        String v = "vision_model.";
        List<Entry> entries = new ArrayList<>();
        for (Task task : Task.values()) {
            long n = labels.of(task).size();
            entries.add(new Entry(task.headPrefix() + "weight", new long[] {n, h}));
            entries.add(new Entry(task.headPrefix() + "bias", new long[] {n}));
        }
        entries.add(new Entry(v + "embeddings.class_embedding", new long[] {h}));
        entries.add(new Entry(v + "embeddings.patch_embedding.weight",
                new long[] {h, c.numChannels(), c.patchSize(), c.patchSize()}));
        entries.add(new Entry(v + "embeddings.position_embedding.weight", new long[] {c.tokens(), h}));
        for (int l = 0; l < c.numHiddenLayers(); l++) {
            String p = v + "encoder.layers." + l + ".";
            for (String ln : List.of("layer_norm1", "layer_norm2")) {
                entries.add(new Entry(p + ln + ".weight", new long[] {h}));
                entries.add(new Entry(p + ln + ".bias", new long[] {h}));
            }
            entries.add(new Entry(p + "mlp.fc1.weight", new long[] {i, h}));
            entries.add(new Entry(p + "mlp.fc1.bias", new long[] {i}));
            entries.add(new Entry(p + "mlp.fc2.weight", new long[] {h, i}));
            entries.add(new Entry(p + "mlp.fc2.bias", new long[] {h}));
            for (String proj : List.of("k_proj", "out_proj", "q_proj", "v_proj")) {
                entries.add(new Entry(p + "self_attn." + proj + ".weight", new long[] {h, h}));
                entries.add(new Entry(p + "self_attn." + proj + ".bias", new long[] {h}));
            }
        }
        for (String ln : List.of("post_layernorm", "pre_layrnorm")) {
            entries.add(new Entry(v + ln + ".weight", new long[] {h}));
            entries.add(new Entry(v + ln + ".bias", new long[] {h}));
        }
        entries.sort((a, b) -> a.name().compareTo(b.name()));
        return entries;
    }
}
