package dev.vitface.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.safetensors.SafetensorsFile;
import dev.vitface.safetensors.SafetensorsWriter;
import dev.vitface.safetensors.TensorSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sizes inferred from tensor shapes come from a file: a dimension over {@code int}'s range must
 * be refused, not wrapped. A shape with a zero elsewhere holds no data, so a file can carry such
 * a dimension in a few bytes.
 */
class ConfigInferenceTest {
    private static final String P = "vision_model.";
    private static final long TWO_TO_32 = 1L << 32;

    @TempDir
    Path dir;

    private Path tower(long[] patchShape, long[] positionShape, long[] fc1Shape) throws Exception {
        Path file = dir.resolve("tower.safetensors");
        SafetensorsWriter.write(file, Map.of(), List.of(
                TensorSpec.f32(P + "embeddings.class_embedding", new long[] {64}, new float[64]),
                spec(P + "embeddings.patch_embedding.weight", patchShape),
                spec(P + "embeddings.position_embedding.weight", positionShape),
                spec(P + "encoder.layers.0.mlp.fc1.weight", fc1Shape),
                TensorSpec.f32(P + "encoder.layers.0.layer_norm1.weight", new long[] {64}, new float[64])));
        return file;
    }

    private static TensorSpec spec(String name, long[] shape) {
        long count = 1;
        for (long d : shape) count *= d;
        return TensorSpec.f32(name, shape, new float[(int) count]);
    }

    private static VisionConfig infer(Path file) {
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            return ConfigInference.fromTensors(st);
        }
    }

    @Test
    void sizesComeFromTheShapes() throws Exception {
        VisionConfig config = infer(tower(new long[] {64, 3, 8, 8}, new long[] {5, 64}, new long[] {256, 64}));
        assertEquals(new VisionConfig(64, 256, 1, 1, 8, 16, 3, 1e-5f, 0), config);
    }

    @Test
    void dimensionBeyondIntIsRefusedNamingTensorAndDimension() throws Exception {
        // (int) (2^32 + 256) is 256: an unchecked cast would infer intermediate_size 256.
        Path file = tower(new long[] {64, 3, 8, 8}, new long[] {5, 64}, new long[] {TWO_TO_32 + 256, 0});
        ModelException e = assertThrows(ModelException.class, () -> infer(file));
        assertEquals("tower.safetensors: tensor 'vision_model.encoder.layers.0.mlp.fc1.weight' has 4294967552 in "
                + "dimension 0 of its shape [4294967552, 0]; a size must be 1 to 2147483647", e.getMessage());
    }

    @Test
    void zeroSizedDimensionIsRefused() throws Exception {
        Path file = tower(new long[] {64, 0, 8, 8}, new long[] {5, 64}, new long[] {256, 64});
        ModelException e = assertThrows(ModelException.class, () -> infer(file));
        assertTrue(e.getMessage().contains("'vision_model.embeddings.patch_embedding.weight' has 0 in dimension 1"),
                e.getMessage());
    }

    @Test
    void imageSizeOverflowIsRefused() throws Exception {
        // 46340² + 1 position rows and 2^20-pixel patches: each fits an int, their product does not.
        Path file = tower(new long[] {64, 3, 1 << 20, 0}, new long[] {46340L * 46340 + 1, 0}, new long[] {256, 64});
        ModelException e = assertThrows(ModelException.class, () -> infer(file));
        assertTrue(e.getMessage().startsWith("tower.safetensors: image size 46340 patches × 1048576 pixels does not fit"),
                e.getMessage());
    }
}
