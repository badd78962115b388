package dev.vitface.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.vitface.model.ModelInspection;
import dev.vitface.model.Task;
import dev.vitface.model.VisionConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code vitface inspect}: what a model directory or safetensors file holds, and what is wrong with it. */
final class InspectCommand implements Command {
    @Override
    public String name() {
        return "inspect";
    }

    @Override
    public String summary() {
        return "describe a model directory or .safetensors file and list every problem found";
    }

    @Override
    public String usage() {
        return """
                Usage: vitface inspect PATH [--json]

                PATH is a model directory (config.json, model.safetensors, optional labels.json) or a
                .safetensors file. Prints the architecture found (hidden size, layers, heads, patch,
                image size, parameters), the key prefix, dtypes and bytes, the heads with their labels,
                the keys ignored as not part of the vision tower, and every problem found.
                Exit 0 when the model loads, 1 when it has problems.""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args args = Args.parse(argv, Set.of(), Set.of("json"));
        if (args.positional().size() != 1) throw new UsageException("expected one PATH, got " + args.positional().size());
        ModelInspection inspection = ModelInspection.of(Path.of(args.positional().getFirst()));
        if (args.flag("json")) {
            out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(toJson(inspection)));
        } else {
            printText(inspection, out);
        }
        return inspection.ok() ? ExitCodes.SUCCESS : ExitCodes.FAILURE;
    }

    private static void printText(ModelInspection in, PrintStream out) {
        out.println("path:          " + in.path());
        VisionConfig c = in.config();
        if (c != null) {
            out.println("architecture:  " + c.architectureName() + " (config: " + in.configSource() + ")");
            out.printf("  hidden %d, intermediate %d, layers %d, heads %d x %d, patch %d, image %d, tokens %d%n",
                    c.hiddenSize(), c.intermediateSize(), c.numHiddenLayers(), c.numAttentionHeads(), c.headDim(),
                    c.patchSize(), c.imageSize(), c.tokens());
        }
        out.printf("parameters:    %,d (vision tower and heads)%n", in.parameters());
        out.println("key prefix:    " + (in.keyPrefix().isEmpty() ? "(none)" : in.keyPrefix()));
        for (Map.Entry<String, long[]> e : in.dtypes().entrySet()) {
            out.printf("dtype %-7s  %,d tensors, %,d bytes%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
        }
        out.println("heads (labels: " + in.labels().source() + "; predictions are *perceived* attributes):");
        for (Task t : Task.values()) {
            Long n = in.headOutputs().get(t);
            out.printf("  %-7s %s -> %s%n", t.key(), n == null ? "missing" : n + " outputs", in.labels().of(t));
        }
        out.println("ignored keys:  " + (in.ignoredKeys().isEmpty() ? "none" : in.ignoredKeys().size()));
        for (String k : in.ignoredKeys()) out.println("  " + k);
        for (String n : in.notes()) out.println("note: " + n);
        if (in.ok()) {
            out.println("problems:      none");
        } else {
            out.println("problems:      " + in.problems().size());
            for (String p : in.problems()) out.println("  - " + p);
        }
    }

    private static JsonObject toJson(ModelInspection in) {
        JsonObject o = new JsonObject();
        o.addProperty("path", in.path().toString());
        VisionConfig c = in.config();
        if (c != null) {
            JsonObject a = new JsonObject();
            a.addProperty("name", c.architectureName());
            a.addProperty("config_source", in.configSource());
            a.addProperty("hidden_size", c.hiddenSize());
            a.addProperty("intermediate_size", c.intermediateSize());
            a.addProperty("num_hidden_layers", c.numHiddenLayers());
            a.addProperty("num_attention_heads", c.numAttentionHeads());
            a.addProperty("patch_size", c.patchSize());
            a.addProperty("image_size", c.imageSize());
            o.add("architecture", a);
        }
        o.addProperty("parameters", in.parameters());
        o.addProperty("key_prefix", in.keyPrefix());
        JsonObject dtypes = new JsonObject();
        in.dtypes().forEach((k, v) -> {
            JsonObject d = new JsonObject();
            d.addProperty("tensors", v[0]);
            d.addProperty("bytes", v[1]);
            dtypes.add(k, d);
        });
        o.add("dtypes", dtypes);
        JsonObject heads = new JsonObject();
        for (Task t : Task.values()) {
            JsonObject h = new JsonObject();
            Long n = in.headOutputs().get(t);
            if (n != null) h.addProperty("outputs", n);
            h.add("labels", strings(in.labels().of(t)));
            heads.add(t.key(), h);
        }
        o.add("heads", heads);
        o.add("ignored_keys", strings(in.ignoredKeys()));
        o.add("notes", strings(in.notes()));
        o.add("problems", strings(in.problems()));
        return o;
    }

    private static JsonArray strings(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }
}
