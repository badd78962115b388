package dev.vitface.bench.ort;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vitface.bench.RandomPixels;
import dev.vitface.bench.Stats;
import dev.vitface.bench.WarmUp;
import dev.vitface.model.ModelDirectory;
import dev.vitface.model.VisionConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Times the same model in ONNX Runtime's fp32 CPU engine, as a user of ORT for Java would run it:
 * the ONNX file written by {@code tools/export_onnx.py}, default session settings plus
 * {@code intra_op} threads = N (one inter-op thread, sequential execution). Prints the JSON of
 * {@code vitface bench --format json} (batch, backend, precision, threads, iterations,
 * seconds_per_image_median, seconds_per_image_min, images_per_second, gflops) plus
 * {@code check_max_abs_diff}: how far ORT's outputs are from PyTorch's for the batch that
 * export_onnx.py stored beside the model — evidence that both engines run the same model.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.vitface.bench.ort.OrtBench [--model DIR] [--threads N]
 *      [--batch 1,8] [--iters 5] [--warmup 2] [--warmup-seconds 8]
 * </pre>
 * The warm-up is vitface bench's ({@link WarmUp}): at least that many forwards and seconds.
 */
public final class OrtBench {
    /** ORT and PyTorch sum in different orders; 1e-5 is typical on ViT-L/14, a wrong graph is far off. */
    private static final double CHECK_TOLERANCE = 1e-3;

    private OrtBench() {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = BenchCli.parse(argv, List.of("model", "threads", "batch", "iters", "warmup", "warmup-seconds"),
                "OrtBench [--model DIR] [--threads N] [--batch 1,8] [--iters N] [--warmup N] [--warmup-seconds S]");
        Path dir = Path.of(args.getOrDefault("model", "weights/vit-l14-seeded"));
        int threads = Integer.parseInt(args.getOrDefault("threads", String.valueOf(Runtime.getRuntime().availableProcessors())));
        int iters = Integer.parseInt(args.getOrDefault("iters", "5"));
        WarmUp warmUp = new WarmUp(Integer.parseInt(args.getOrDefault("warmup", String.valueOf(WarmUp.DEFAULT_FORWARDS))),
                Double.parseDouble(args.getOrDefault("warmup-seconds", String.valueOf(WarmUp.DEFAULT_SECONDS))));
        int[] batches = Arrays.stream(args.getOrDefault("batch", "1,8").split(",")).mapToInt(Integer::parseInt).toArray();
        Path onnx = dir.resolve("model.onnx");
        if (!Files.isRegularFile(onnx)) {
            System.err.println("OrtBench: no " + onnx + "; write it with /usr/bin/python3 tools/export_onnx.py " + dir);
            System.exit(1);
        }
        VisionConfig config = VisionConfig.read(dir.resolve(ModelDirectory.CONFIG));
        int pixelsPerImage = config.numChannels() * config.imageSize() * config.imageSize();

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = open(env, onnx, threads)) {
            double flops = config.flopsPerImage(headOutputs(session));
            double check = check(env, session, dir);
            JsonArray rows = new JsonArray();
            for (int batch : batches) {
                double[] seconds = time(env, session, batch, pixelsPerImage, config.imageSize(), warmUp, iters);
                double median = Stats.median(seconds) / batch;
                JsonObject o = new JsonObject();
                o.addProperty("batch", batch);
                o.addProperty("backend", description(env));
                o.addProperty("precision", "fp32");
                o.addProperty("threads", threads);
                o.addProperty("iterations", iters);
                o.addProperty("seconds_per_image_median", median);
                o.addProperty("seconds_per_image_min", Stats.min(seconds) / batch);
                o.addProperty("images_per_second", 1 / median);
                o.addProperty("gflops", flops / median * 1e-9);
                o.addProperty("check_max_abs_diff", check);
                rows.add(o);
            }
            System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(rows));
        }
    }

    /**
     * A session as a user of ORT for Java opens one for speed: default settings plus {@code intra_op}
     * threads = {@code threads}, one inter-op thread, sequential execution, every graph optimization.
     */
    static OrtSession open(OrtEnvironment env, Path onnx, int threads) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return env.createSession(onnx.toString(), options);
        }
    }

    static String description(OrtEnvironment env) {
        return "onnxruntime " + env.getVersion() + " (CPU execution provider)";
    }

    /** Seconds per forward of the whole batch, one entry per timed run, after the untimed runs of {@code warmUp}. */
    private static double[] time(OrtEnvironment env, OrtSession session, int batch, int pixelsPerImage, int size,
                                 WarmUp warmUp, int iterations) throws OrtException {
        float[] pixels = RandomPixels.normal(batch * pixelsPerImage, 42); // as vitface bench: the work does not depend on the values
        long[] shape = {batch, pixelsPerImage / (size * size), size, size};
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), shape)) {
            Map<String, OnnxTensor> feed = Map.of("pixel_values", input);
            warmUp.run(() -> {
                try (OrtSession.Result ignored = session.run(feed)) {
                    // outputs are not needed; closing frees them
                }
            });
            double[] seconds = new double[iterations];
            for (int i = 0; i < iterations; i++) {
                long start = System.nanoTime();
                try (OrtSession.Result ignored = session.run(feed)) {
                    seconds[i] = (System.nanoTime() - start) * 1e-9;
                }
            }
            return seconds;
        }
    }

    /** The logits outputs' widths (9 + 2 + 7), for the FLOP count of the heads. */
    static int headOutputs(OrtSession session) throws OrtException {
        int sum = 0;
        for (Map.Entry<String, NodeInfo> e : session.getOutputInfo().entrySet()) {
            if (e.getKey().startsWith("logits_") && e.getValue().getInfo() instanceof TensorInfo t) {
                long[] shape = t.getShape();
                sum += (int) shape[shape.length - 1];
            }
        }
        return sum;
    }

    /**
     * Runs the batch export_onnx.py stored as model.check.bin and returns the largest absolute
     * difference from PyTorch's outputs in model.check.json; exits if it exceeds the tolerance.
     */
    static double check(OrtEnvironment env, OrtSession session, Path dir) throws IOException, OrtException {
        Path bin = dir.resolve("model.check.bin");
        Path json = dir.resolve("model.check.json");
        if (!Files.isRegularFile(bin) || !Files.isRegularFile(json)) {
            System.err.println("OrtBench: no model.check.bin/.json beside the model (tools/export_onnx.py writes them); not checked");
            return Double.NaN;
        }
        JsonObject expected = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        JsonArray dims = expected.getAsJsonArray("pixel_values_shape");
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = dims.get(i).getAsLong();
        FloatBuffer pixels = ByteBuffer.wrap(Files.readAllBytes(bin)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        double worst = 0;
        try (OnnxTensor input = OnnxTensor.createTensor(env, pixels, shape);
             OrtSession.Result result = session.run(Map.of("pixel_values", input))) {
            for (Map.Entry<String, JsonElement> output : expected.getAsJsonObject("outputs").entrySet()) {
                float[][] actual = (float[][]) result.get(output.getKey()).orElseThrow(
                        () -> new IllegalStateException("the ONNX model has no output " + output.getKey())).getValue();
                JsonArray rows = output.getValue().getAsJsonArray();
                for (int r = 0; r < rows.size(); r++) {
                    JsonArray row = rows.get(r).getAsJsonArray();
                    for (int c = 0; c < row.size(); c++) {
                        worst = Math.max(worst, Math.abs(actual[r][c] - row.get(c).getAsDouble()));
                    }
                }
            }
        }
        return BenchCli.requireSameModel("OrtBench: ONNX Runtime's outputs differ from PyTorch's", worst, CHECK_TOLERANCE);
    }
}
