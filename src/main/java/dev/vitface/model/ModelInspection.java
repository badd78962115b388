package dev.vitface.model;

import dev.vitface.safetensors.SafetensorsFile;
import dev.vitface.safetensors.TensorInfo;
import dev.vitface.util.FailureText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code vitface inspect} reports about a model directory or a bare {@code .safetensors}
 * file: the architecture found, the key prefix, dtypes and bytes, the heads and their labels,
 * the ignored keys, and every problem (it does not stop at the first).
 */
public record ModelInspection(
        Path path,
        VisionConfig config,              // null if no config could be read or inferred
        String configSource,
        String keyPrefix,
        long parameters,
        Map<String, long[]> dtypes,       // dtype -> {tensor count, bytes}
        Map<Task, Long> headOutputs,
        Labels labels,
        List<String> ignoredKeys,
        List<String> notes,
        List<String> problems) {

    public boolean ok() {
        return problems.isEmpty();
    }

    public static ModelInspection of(Path path) {
        boolean isDir = Files.isDirectory(path);
        Path weights = isDir ? path.resolve(ModelDirectory.WEIGHTS) : path;
        Path dir = isDir ? path : path.toAbsolutePath().getParent();
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!Files.isRegularFile(weights)) {
            problems.add(weights + ": no such file");
            return empty(path, problems);
        }
        Labels labels;
        try {
            labels = Labels.forModelDirectory(dir);
        } catch (ModelException e) {
            problems.add(FailureText.of(e));
            labels = Labels.fairFace();
        }
        try (SafetensorsFile file = SafetensorsFile.open(weights)) {
            VisionConfig config = null;
            String configSource;
            Path configFile = dir.resolve(ModelDirectory.CONFIG);
            try {
                if (Files.isRegularFile(configFile)) {
                    config = VisionConfig.read(configFile);
                    configSource = configFile.getFileName().toString();
                } else {
                    config = ConfigInference.fromTensors(file);
                    configSource = "inferred from tensor shapes";
                    notes.add(ConfigInference.HEADS_ASSUMED);
                }
            } catch (ModelException e) {
                problems.add(FailureText.of(e));
                configSource = "unreadable";
            }
            Map<String, long[]> dtypes = new TreeMap<>();
            long parameters = 0;
            List<String> ignored = new ArrayList<>();
            Map<Task, Long> heads = new EnumMap<>(Task.class);
            for (TensorInfo t : file.tensors()) {
                long[] counts = dtypes.computeIfAbsent(t.dtype().name(), k -> new long[2]);
                counts[0]++;
                counts[1] += t.byteSize();
                if (WeightBinder.isIgnored(t.name())) {
                    ignored.add(t.name());
                } else {
                    parameters += t.elementCount();
                }
            }
            for (Task task : Task.values()) {
                file.find(task.headPrefix() + "weight").filter(t -> t.shape().length == 2)
                        .ifPresent(t -> heads.put(task, t.shape()[0]));
            }
            String prefix = WeightBinder.detectPrefix(file);
            if (config != null) {
                try {
                    new WeightBinder(file, config, labels).bind();
                } catch (ModelException e) {
                    problems.addAll(e.problems());
                }
            }
            return new ModelInspection(path, config, configSource, prefix, parameters, dtypes, heads, labels,
                    ignored, notes, problems);
        } catch (RuntimeException e) {
            problems.add(FailureText.of(e));
            return empty(path, problems);
        }
    }

    private static ModelInspection empty(Path path, List<String> problems) {
        return new ModelInspection(path, null, "unreadable", "", 0, Map.of(), Map.of(), Labels.fairFace(), List.of(),
                List.of(), problems);
    }
}
