package dev.vitface.bench.ort;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.vitface.backend.Precision;
import dev.vitface.bench.PairedRatios;
import dev.vitface.bench.PairedTimer;
import dev.vitface.bench.RandomPixels;
import dev.vitface.bench.Stats;
import dev.vitface.bench.WarmUp;
import dev.vitface.engine.BackendKind;
import dev.vitface.engine.Engine;
import dev.vitface.engine.EngineOptions;
import dev.vitface.forward.ForwardOutput;
import dev.vitface.model.ModelDirectory;
import dev.vitface.model.Task;
import dev.vitface.model.VisionConfig;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * vitface's fp32 engine against ONNX Runtime's in one process, forward by forward
 * ({@link PairedTimer}): each pair's ratio compares two forwards a second apart, where {@code
 * bench/compare.sh} compares processes some 20 s apart on a host whose speed drifts. Per batch size
 * it prints the median ratio (vitface's time over ORT's), its 95 % bootstrap interval, the 10th and
 * 90th percentiles, each engine's median seconds per image, the ratio of each engine's fastest
 * forward, and how far apart the two engines' logits are on the timed input (evidence that both
 * run the same model).
 *
 * <p>A pair cancels what slows both engines alike, not what slows one more than the other: on a
 * Zen 4 host (docs/PERFORMANCE.md, "Paired") a busy minute took ONNX Runtime from 0.87 to 1.0-1.2
 * s a forward and vitface from 0.75 to 0.80, so the median ratio of a noisy run flatters vitface.
 * The ratio of the fastest forwards, the engines' speeds on a quiet host, is printed beside it.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:-UseProfiledLoopPredicate
 *      -XX:+UseSerialGC -cp bench/target/benchmarks.jar dev.vitface.bench.ort.PairedBench [--model DIR]
 *      [--backend onednn] [--threads N] [--batch 1,8] [--pairs 41] [--warmup-seconds 8] [--pause-ms 100]
 * </pre>
 * {@code bench/paired.sh} runs it with the JVM flags {@code bin/vitface} passes.
 */
public final class PairedBench {
    private static final double CONFIDENCE = 0.95;
    private static final int RESAMPLES = 10_000;
    private static final long SEED = 1;
    /** Two runs of one model in fp32, summing in different orders: 1e-4 is typical on ViT-L/14, a wrong graph is far off. */
    private static final double AGREEMENT_TOLERANCE = 1e-2;

    private PairedBench() {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = BenchCli.parse(argv,
                List.of("model", "backend", "threads", "batch", "pairs", "warmup-seconds", "pause-ms"),
                "PairedBench [--model DIR] [--backend onednn|cpu|auto] [--threads N] [--batch 1,8] [--pairs N] "
                        + "[--warmup-seconds S] [--pause-ms MS]");
        Path dir = Path.of(args.getOrDefault("model", "weights/vit-l14-seeded"));
        BackendKind backend = BackendKind.parse(args.getOrDefault("backend", "onednn"));
        int threads = Integer.parseInt(args.getOrDefault("threads", String.valueOf(Runtime.getRuntime().availableProcessors())));
        int pairs = Integer.parseInt(args.getOrDefault("pairs", "41"));
        WarmUp warmUp = new WarmUp(WarmUp.DEFAULT_FORWARDS,
                Double.parseDouble(args.getOrDefault("warmup-seconds", String.valueOf(WarmUp.DEFAULT_SECONDS))));
        Duration pause = Duration.ofMillis(Long.parseLong(args.getOrDefault("pause-ms", "100")));
        int[] batches = Arrays.stream(args.getOrDefault("batch", "1,8").split(",")).mapToInt(Integer::parseInt).toArray();
        Path onnx = dir.resolve("model.onnx");
        if (!Files.isRegularFile(onnx)) {
            System.err.println("PairedBench: no " + onnx + "; write it with /usr/bin/python3 tools/export_onnx.py " + dir);
            System.exit(1);
        }

        JsonArray rows = new JsonArray();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (ModelDirectory model = ModelDirectory.open(dir); OrtSession session = OrtBench.open(env, onnx, threads)) {
            VisionConfig c = model.config();
            int pixelsPerImage = c.numChannels() * c.imageSize() * c.imageSize();
            double flops = c.flopsPerImage(OrtBench.headOutputs(session));
            EngineOptions options = new EngineOptions(backend, Precision.FP32, threads, true);
            for (int batch : batches) {
                float[] pixels = RandomPixels.normal(batch * pixelsPerImage, 42);
                long[] shape = {batch, c.numChannels(), c.imageSize(), c.imageSize()};
                try (Engine vitface = Engine.open(c, model.weights(), options, batch);
                     OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), shape)) {
                    Map<String, OnnxTensor> feed = Map.of("pixel_values", input);
                    double disagreement = disagreement(vitface.forward(pixels, batch, false), session, feed);
                    PairedTimer.Timings t = PairedTimer.time(
                            () -> vitface.forward(pixels, batch, false),
                            () -> {
                                try (OrtSession.Result ignored = session.run(feed)) {
                                    // outputs are not needed; closing frees them
                                }
                            },
                            warmUp, pairs, pause);
                    rows.add(row(batch, vitface.description(), OrtBench.description(env), threads, flops, t, disagreement));
                }
            }
        }
        System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(rows));
    }

    private static JsonObject row(int batch, String vitface, String ort, int threads, double flops, PairedTimer.Timings t,
                                  double disagreement) {
        double[] vitfaceSeconds = t.first();
        double[] ortSeconds = t.second();
        PairedRatios ratios = PairedRatios.of(vitfaceSeconds, ortSeconds);
        double[] interval = ratios.medianInterval(CONFIDENCE, RESAMPLES, SEED);
        double vitfaceMedian = Stats.median(vitfaceSeconds) / batch;
        double ortMedian = Stats.median(ortSeconds) / batch;
        JsonObject o = new JsonObject();
        o.addProperty("batch", batch);
        o.addProperty("vitface", vitface);
        o.addProperty("ort", ort);
        o.addProperty("threads", threads);
        o.addProperty("pairs", ratios.count());
        o.addProperty("ratio_median", ratios.median());
        o.addProperty("ratio_median_ci95_low", interval[0]);
        o.addProperty("ratio_median_ci95_high", interval[1]);
        o.addProperty("ratio_p10", ratios.quantile(0.1));
        o.addProperty("ratio_p90", ratios.quantile(0.9));
        o.addProperty("vitface_seconds_per_image_median", vitfaceMedian);
        o.addProperty("ort_seconds_per_image_median", ortMedian);
        o.addProperty("ratio_of_fastest", Stats.min(vitfaceSeconds) / Stats.min(ortSeconds));
        o.addProperty("vitface_gflops", flops / vitfaceMedian * 1e-9);
        o.addProperty("ort_gflops", flops / ortMedian * 1e-9);
        o.addProperty("logits_max_abs_diff", disagreement);
        JsonArray seconds = new JsonArray();
        for (int i = 0; i < ratios.count(); i++) {
            JsonArray pair = new JsonArray();
            pair.add(vitfaceSeconds[i]);
            pair.add(ortSeconds[i]);
            seconds.add(pair);
        }
        o.add("pair_seconds_vitface_ort", seconds);
        return o;
    }

    /** The largest difference between the two engines' logits on one input; exits past {@link #AGREEMENT_TOLERANCE}. */
    private static double disagreement(ForwardOutput vitface, OrtSession session, Map<String, OnnxTensor> feed)
            throws OrtException {
        double worst = 0;
        try (OrtSession.Result result = session.run(feed)) {
            for (Task task : Task.values()) {
                String name = "logits_" + task.key();
                float[][] ort = (float[][]) result.get(name).orElseThrow(
                        () -> new IllegalStateException("the ONNX model has no output " + name)).getValue();
                float[] ours = vitface.logits().get(task);
                int classes = ort[0].length;
                for (int b = 0; b < ort.length; b++) {
                    for (int k = 0; k < classes; k++) worst = Math.max(worst, Math.abs(ort[b][k] - ours[b * classes + k]));
                }
            }
        }
        return BenchCli.requireSameModel("PairedBench: vitface's logits differ from ONNX Runtime's", worst, AGREEMENT_TOLERANCE);
    }
}
