package dev.vitface.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vitface.util.FailureText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Class names per head, in logit index order. The default is Python's {@code sorted()} of the
 * FairFace label strings, which is how the model was trained: index 1 of age is "10-19" and
 * index 3 is "3-9". A {@code labels.json} in the model directory overrides them.
 */
public final class Labels {
    public static final String FILE_NAME = "labels.json";

    private static final Map<Task, List<String>> FAIRFACE = Map.of(
            Task.AGE, List.of("0-2", "10-19", "20-29", "3-9", "30-39", "40-49", "50-59", "60-69", "more than 70"),
            Task.GENDER, List.of("Female", "Male"),
            Task.RACE, List.of("Black", "East Asian", "Indian", "Latino_Hispanic", "Middle Eastern",
                    "Southeast Asian", "White"));

    private final Map<Task, List<String>> names;
    private final String source;

    private Labels(Map<Task, List<String>> names, String source) {
        this.names = new EnumMap<>(names);
        this.source = source;
    }

    public static Labels fairFace() {
        return new Labels(FAIRFACE, "FairFace (sorted)");
    }

    /** {@code labels.json} if the directory has one, else the FairFace defaults. */
    public static Labels forModelDirectory(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        return Files.isRegularFile(file) ? read(file) : fairFace();
    }

    /** Reads {@code {"age": [...], "gender": [...], "race": [...]}}; every task must be present. */
    public static Labels read(Path file) {
        JsonObject root;
        try {
            JsonElement parsed = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!parsed.isJsonObject()) throw new ModelException(file + ": expected a JSON object");
            root = parsed.getAsJsonObject();
        } catch (IOException e) {
            throw new ModelException(file + ": cannot read (" + FailureText.of(e) + ")", e);
        } catch (RuntimeException e) {
            if (e instanceof ModelException me) throw me;
            throw new ModelException(file + ": not valid JSON (" + FailureText.of(e) + ")", e);
        }
        Map<Task, List<String>> names = new EnumMap<>(Task.class);
        for (Task task : Task.values()) {
            JsonElement e = root.get(task.key());
            if (e == null || !e.isJsonArray()) {
                throw new ModelException(file + ": '" + task.key() + "' must be a list of label strings");
            }
            List<String> list = new ArrayList<>();
            for (JsonElement item : (JsonArray) e) {
                if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                    throw new ModelException(file + ": '" + task.key() + "' must hold only strings, found " + item);
                }
                list.add(item.getAsString());
            }
            if (list.isEmpty()) throw new ModelException(file + ": '" + task.key() + "' is empty");
            if (list.stream().distinct().count() != list.size()) {
                throw new ModelException(file + ": '" + task.key() + "' repeats a label");
            }
            names.put(task, List.copyOf(list));
        }
        return new Labels(names, file.getFileName().toString());
    }

    public List<String> of(Task task) {
        return names.get(task);
    }

    /** Where these labels came from, for inspect and logs. */
    public String source() {
        return source;
    }

    /** Each head must produce exactly one logit per label. */
    public void checkHeadSize(Task task, long headRows) {
        int n = of(task).size();
        if (headRows != n) {
            throw new ModelException(task.headPrefix() + "weight has " + headRows + " outputs but " + source + " lists "
                    + n + " " + task.key() + " labels");
        }
    }
}
