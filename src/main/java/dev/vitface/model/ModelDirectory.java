package dev.vitface.model;

import dev.vitface.safetensors.SafetensorsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A model directory laid out like the published checkpoint: {@code config.json},
 * {@code preprocessor_config.json}, {@code model.safetensors}, optionally {@code labels.json}.
 * Opening it maps the weights once and binds every tensor; F32 weights stay in the mapping.
 * Closing it unmaps them, so nothing that uses the weights may outlive it.
 */
public final class ModelDirectory implements AutoCloseable {
    public static final String CONFIG = "config.json";
    public static final String PREPROCESSOR_CONFIG = "preprocessor_config.json";
    public static final String WEIGHTS = "model.safetensors";

    private final Path dir;
    private final VisionConfig config;
    private final Labels labels;
    private final SafetensorsFile file;
    private final ClipVisionWeights weights;
    private final String keyPrefix;

    private ModelDirectory(Path dir, VisionConfig config, Labels labels, SafetensorsFile file,
                           ClipVisionWeights weights, String keyPrefix) {
        this.dir = dir;
        this.config = config;
        this.labels = labels;
        this.file = file;
        this.weights = weights;
        this.keyPrefix = keyPrefix;
    }

    /** Opens and binds a model directory; every failure is a {@link ModelException} naming what is wrong. */
    public static ModelDirectory open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ModelException(dir + ": not a model directory (expected " + CONFIG + " and " + WEIGHTS + ")");
        }
        for (String name : List.of(CONFIG, WEIGHTS)) {
            if (!Files.isRegularFile(dir.resolve(name))) throw new ModelException(dir + ": missing " + name);
        }
        VisionConfig config = VisionConfig.read(dir.resolve(CONFIG));
        Labels labels = Labels.forModelDirectory(dir);
        SafetensorsFile file = SafetensorsFile.open(dir.resolve(WEIGHTS));
        try {
            WeightBinder binder = new WeightBinder(file, config, labels);
            ClipVisionWeights weights = binder.bind();
            return new ModelDirectory(dir, config, labels, file, weights, binder.prefix());
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    public Path path() {
        return dir;
    }

    public VisionConfig config() {
        return config;
    }

    public Labels labels() {
        return labels;
    }

    public ClipVisionWeights weights() {
        return weights;
    }

    /** The prefix of the vision tower's keys in this checkpoint, e.g. "vision_model.". */
    public String keyPrefix() {
        return keyPrefix;
    }

    public SafetensorsFile weightsFile() {
        return file;
    }

    @Override
    public void close() {
        file.close();
    }
}
