package dev.vitface.model;

import dev.vitface.safetensors.SafetensorsFile;
import dev.vitface.safetensors.TensorInfo;
import java.util.Arrays;
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
        String clsKey = p + "embeddings.class_embedding";
        String patchKey = p + "embeddings.patch_embedding.weight";
        String posKey = p + "embeddings.position_embedding.weight";
        String fc1Key = p + "encoder.layers.0.mlp.fc1.weight";
        long[] cls = shape(file, clsKey);
        long[] patch = shape(file, patchKey);
        long[] pos = shape(file, posKey);
        long[] fc1 = shape(file, fc1Key);
        if (cls.length != 1 || patch.length != 4 || pos.length != 2 || fc1.length != 2) {
            throw new ModelException(file.path().getFileName() + ": shapes do not look like a CLIP vision tower");
        }
        int layers = 0;
        while (file.find(p + "encoder.layers." + layers + ".layer_norm1.weight").isPresent()) layers++;
        int hidden = dimension(file, clsKey, cls, 0);
        int intermediate = dimension(file, fc1Key, fc1, 0);
        int channels = dimension(file, patchKey, patch, 1);
        int patchSize = dimension(file, patchKey, patch, 2);
        int positions = dimension(file, posKey, pos, 0);
        int grid = (int) Math.round(Math.sqrt(positions - 1));
        if ((long) grid * grid + 1 != positions) {
            throw new ModelException(file.path().getFileName() + ": position_embedding has " + positions
                    + " rows, not 1 + a square number of patches");
        }
        int imageSize;
        try {
            imageSize = Math.multiplyExact(grid, patchSize);
        } catch (ArithmeticException e) {
            throw new ModelException(file.path().getFileName() + ": image size " + grid + " patches × " + patchSize
                    + " pixels does not fit an int (tensors '" + posKey + "', '" + patchKey + "')", e);
        }
        int heads = Math.max(1, hidden / 64);
        return new VisionConfig(hidden, intermediate, layers, heads, patchSize, imageSize, channels, 1e-5f, 0);
    }

    /** {@code shape[axis]} as a size, which must be at least 1 and fit an {@code int}: a file's numbers are not trusted. */
    private static int dimension(SafetensorsFile file, String key, long[] shape, int axis) {
        long size = shape[axis];
        if (size < 1 || size > Integer.MAX_VALUE) {
            throw new ModelException(file.path().getFileName() + ": tensor '" + key + "' has " + size
                    + " in dimension " + axis + " of its shape " + Arrays.toString(shape) + "; a size must be 1 to "
                    + Integer.MAX_VALUE);
        }
        return (int) size;
    }

    private static long[] shape(SafetensorsFile file, String key) {
        Optional<TensorInfo> info = file.find(key);
        return info.map(TensorInfo::shape).orElseThrow(() ->
                new ModelException(file.path().getFileName() + ": missing tensor '" + key + "'"));
    }
}
