package dev.vitface.verify;

import dev.vitface.model.Task;
import dev.vitface.safetensors.SafetensorsFile;
import dev.vitface.safetensors.TensorInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A golden file in the fixtures' format: {@code pixel_values [N,C,S,S]} (F32) and any of
 * {@code pooler_output [N,hidden]}, {@code logits.<task> [N,labels]},
 * {@code hidden_states.<k> [N,tokens,hidden]} (F64 or F32), read fully into memory.
 */
public record GoldenFile(Path path, long[] pixelShape, float[] pixelValues, Map<String, Expected> outputs,
                         Map<String, String> metadata) {

    /** One expected output: its shape and values. */
    public record Expected(long[] shape, double[] values) {}

    public static GoldenFile read(Path path) {
        try (SafetensorsFile file = SafetensorsFile.open(path)) {
            TensorInfo pixels = file.find("pixel_values").orElseThrow(() ->
                    new IllegalArgumentException(path.getFileName() + ": no 'pixel_values' tensor; not a golden file"));
            if (pixels.shape().length != 4) {
                throw new IllegalArgumentException(path.getFileName() + ": pixel_values has shape " + pixels.shapeString()
                        + ", expected [N, channels, size, size]");
            }
            Map<String, Expected> outputs = new LinkedHashMap<>();
            List<TensorInfo> known = new ArrayList<>(file.tensors().stream().filter(GoldenFile::isOutput).toList());
            known.sort(Comparator.comparing(GoldenFile::order));
            for (TensorInfo t : known) {
                if (t.shape().length == 0 || t.shape()[0] != pixels.shape()[0]) {
                    throw new IllegalArgumentException(path.getFileName() + ": '" + t.name() + "' has shape " + t.shapeString()
                            + " but pixel_values holds " + pixels.shape()[0] + " images");
                }
                outputs.put(t.name(), new Expected(t.shape(), file.toDoubleArray(t)));
            }
            return new GoldenFile(path, pixels.shape(), file.toFloatArray(pixels), outputs, Map.copyOf(file.metadata()));
        }
    }

    public int images() {
        return (int) pixelShape[0];
    }

    public Optional<Integer> highestHiddenState() {
        return outputs.keySet().stream().filter(k -> k.startsWith("hidden_states."))
                .map(k -> Integer.parseInt(k.substring("hidden_states.".length()))).max(Integer::compare);
    }

    private static boolean isOutput(TensorInfo t) {
        String n = t.name();
        if (n.equals("pooler_output")) return true;
        if (n.startsWith("logits.")) {
            String task = n.substring("logits.".length());
            for (Task k : Task.values()) if (k.key().equals(task)) return true;
            return false;
        }
        return n.matches("hidden_states\\.\\d{1,4}");
    }

    /** Stage order: hidden states by depth, then pooler, then the heads. */
    private static String order(TensorInfo t) {
        String n = t.name();
        if (n.startsWith("hidden_states.")) return String.format("0-%05d", Integer.parseInt(n.substring(14)));
        return n.equals("pooler_output") ? "1" : "2-" + n;
    }
}
