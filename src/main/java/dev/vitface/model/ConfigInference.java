package dev.vitface.model;

import dev.vitface.safetensors.SafetensorsFile;
import dev.vitface.safetensors.TensorInfo;
import java.util.Optional;

/**
 * Recovers a {@link VisionConfig} from tensor shapes alone, for {@code inspect} on a bare
 * {@code .safetensors} file. Everything but the head count is in the shapes; the head count is
 * assumed from CLIP's 64-wide heads, and {@link #HEADS_ASSUMED} says so.
 */
final class ConfigInference {
    static final String HEADS_ASSUMED = "num_attention_heads assumed hidden/64 (not recorded in tensor shapes)";

    private ConfigInference() {}

    static VisionConfig fromTensors(SafetensorsFile file) {
        String p = WeightBinder.detectPrefix(file);
        long[] cls = shape(file, p + "embeddings.class_embedding");
        long[] patch = shape(file, p + "embeddings.patch_embedding.weight");
        long[] pos = shape(file, p + "embeddings.position_embedding.weight");
        long[] fc1 = shape(file, p + "encoder.layers.0.mlp.fc1.weight");
        if (cls.length != 1 || patch.length != 4 || pos.length != 2 || fc1.length != 2) {
            throw new ModelException(file.path().getFileName() + ": shapes do not look like a CLIP vision tower");
        }
        int layers = 0;
        while (file.find(p + "encoder.layers." + layers + ".layer_norm1.weight").isPresent()) layers++;
        int hidden = (int) cls[0];
        int grid = (int) Math.round(Math.sqrt(pos[0] - 1));
        if ((long) grid * grid + 1 != pos[0]) {
            throw new ModelException(file.path().getFileName() + ": position_embedding has " + pos[0]
                    + " rows, not 1 + a square number of patches");
        }
        int heads = Math.max(1, hidden / 64);
        return new VisionConfig(hidden, (int) fc1[0], layers, heads, (int) patch[2], grid * (int) patch[2],
                (int) patch[1], 1e-5f, 0);
    }

    private static long[] shape(SafetensorsFile file, String key) {
        Optional<TensorInfo> info = file.find(key);
        return info.map(TensorInfo::shape).orElseThrow(() ->
                new ModelException(file.path().getFileName() + ": missing tensor '" + key + "'"));
    }
}
