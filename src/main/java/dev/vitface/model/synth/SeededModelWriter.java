package dev.vitface.model.synth;

import dev.vitface.model.Labels;
import dev.vitface.model.ModelDirectory;
import dev.vitface.model.VisionConfig;
import dev.vitface.safetensors.SafetensorsWriter;
import dev.vitface.safetensors.TensorSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Writes a complete model directory whose weights follow {@link SeededRecipe}: the given
 * {@code config.json}, a {@code preprocessor_config.json} (the one beside the config if there is
 * one, else CLIPImageProcessor defaults at the config's image size) and {@code model.safetensors}.
 * Values are generated while they are written, so memory stays far below the file size.
 */
public final class SeededModelWriter {
    private SeededModelWriter() {}

    /** @return the number of parameters written */
    public static long write(Path configJson, Path outDir) throws IOException {
        VisionConfig config = VisionConfig.read(configJson);
        Files.createDirectories(outDir);
        Files.copy(configJson, outDir.resolve(ModelDirectory.CONFIG), StandardCopyOption.REPLACE_EXISTING);
        Path besideConfig = configJson.resolveSibling(ModelDirectory.PREPROCESSOR_CONFIG);
        Path preprocessor = outDir.resolve(ModelDirectory.PREPROCESSOR_CONFIG);
        if (Files.isRegularFile(besideConfig)) {
            Files.copy(besideConfig, preprocessor, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.writeString(preprocessor, clipPreprocessorConfig(config.imageSize()), StandardCharsets.UTF_8);
        }
        List<CheckpointLayout.Entry> layout = CheckpointLayout.of(config, Labels.fairFace());
        List<TensorSpec> specs = layout.stream()
                .map(e -> TensorSpec.f32(e.name(), e.shape(), SeededRecipe.forTensor(e.name())::value))
                .toList();
        SafetensorsWriter.write(outDir.resolve(ModelDirectory.WEIGHTS),
                Map.of("format", "pt", "vitface_recipe", "seeded-fnv1a-splitmix64"), specs);
        return layout.stream().mapToLong(CheckpointLayout.Entry::elementCount).sum();
    }

    /** CLIPImageProcessor's defaults (new spelling) for a square input of {@code size}. */
    static String clipPreprocessorConfig(int size) {
        return """
                {
                  "crop_size": {"height": %d, "width": %d},
                  "do_center_crop": true,
                  "do_convert_rgb": true,
                  "do_normalize": true,
                  "do_rescale": true,
                  "do_resize": true,
                  "image_mean": [0.48145466, 0.4578275, 0.40821073],
                  "image_processor_type": "CLIPImageProcessor",
                  "image_std": [0.26862954, 0.26130258, 0.27577711],
                  "resample": 3,
                  "rescale_factor": 0.00392156862745098,
                  "size": {"shortest_edge": %d}
                }
                """.formatted(size, size, size);
    }
}
