package dev.vitface.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.vitface.bench.BenchResult;
import dev.vitface.bench.FaceStageBench;
import dev.vitface.bench.ForwardBenchmark;
import dev.vitface.bench.SgemmCeiling;
import dev.vitface.engine.Engine;
import dev.vitface.engine.EngineOptions;
import dev.vitface.backend.Precision;
import dev.vitface.model.LinearWeights;
import dev.vitface.model.ModelDirectory;
import dev.vitface.model.VisionConfig;
import dev.vitface.model.synth.SeededModelWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code vitface bench}: forward-pass throughput per batch size against the sgemm ceiling of the same run. */
final class BenchCommand implements Command {
    private static final Path SYNTHETIC_DIR = Path.of("weights", "vit-l14-seeded");

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "measure forward-pass speed (images/s, GFLOP/s, fraction of a large sgemm)";
    }

    @Override
    public String usage() {
        return """
                Usage: vitface bench [--model DIR | --synthetic vit-l14] [--batch 1,8] [--threads N]
                                     [--iters N] [--warmup N] [--backend auto|cpu|cuda|java]
                                     [--precision fp32[,bf16,tf32]] [--strict-precision] [--format md|json]

                Warms up, then times --iters forward passes per batch size (random pixels) and reports
                the median and min time per image, images/s and GFLOP/s (FLOPs from the config), beside
                the GFLOP/s of one large sgemm measured in the same run on the same threads (the
                practical ceiling) and the ratio between the two. Each precision in --precision is
                measured in the same run.
                Then times what face detection adds per photo (the default cascade plus the FairFace chip
                of each face, one thread, on the bundled 512x512 astronaut photo with one face) and
                gives it as a fraction of each row's forward time per image (JSON:
                detect_align_seconds_per_photo, detect_align_fraction_of_forward; target <= 0.05 at
                batch 8).
                --synthetic vit-l14 uses seeded full-size weights, written once to weights/vit-l14-seeded.""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws IOException {
        Args args = Args.parse(argv, Set.of("model", "synthetic", "batch", "threads", "iters", "warmup", "backend", "precision", "format"),
                Set.of("strict-precision"));
        if (!args.positional().isEmpty()) throw new UsageException("unexpected argument " + args.positional().getFirst());
        if (args.value("model") != null && args.value("synthetic") != null) {
            throw new UsageException("give --model or --synthetic, not both");
        }
        int[] batches = parseBatches(args.value("batch", "1,8"));
        int threads = args.intValue("threads", Runtime.getRuntime().availableProcessors(), 1, 1024);
        int iters = args.intValue("iters", 5, 1, 100_000);
        int warmup = args.intValue("warmup", 2, 0, 1000);
        String backendName = args.choice("backend", "auto", EngineOptions.BACKENDS);
        List<Precision> precisions = parsePrecisions(args.value("precision", "fp32"));
        String format = args.choice("format", "md", List.of("md", "json"));
        Path modelDir = args.value("model") != null ? Path.of(args.value("model"))
                : synthetic(args.choice("synthetic", "vit-l14", List.of("vit-l14")), err);

        List<BenchResult> results = new ArrayList<>();
        List<String> engines = new ArrayList<>();
        try (ModelDirectory model = ModelDirectory.open(modelDir)) {
            VisionConfig c = model.config();
            int headOutputs = model.weights().heads().values().stream().mapToInt(LinearWeights::out).sum();
            double flops = c.flopsPerImage(headOutputs);
            int pixelsPerImage = c.numChannels() * c.imageSize() * c.imageSize();
            record Timing(String backend, String precision, String description, int batch, double median, double min) {}
            List<Timing> timings = new ArrayList<>();
            for (Precision precision : precisions) {
                for (int batch : batches) {
                    EngineOptions options = new EngineOptions(backendName, precision, threads, args.flag("strict-precision"));
                    try (Engine engine = Engine.open(c, model.weights(), options, batch)) {
                        if (!engines.contains(engine.description())) engines.add(engine.description());
                        double[] seconds = ForwardBenchmark.time(engine, batch, pixelsPerImage, warmup, iters);
                        timings.add(new Timing(engine.backendName(), engine.precision().cliName(), engine.description(), batch,
                                median(seconds) / batch, Arrays.stream(seconds).min().orElseThrow() / batch));
                    }
                }
            }
            // The ceiling is measured last: OpenBLAS's own threads, once started, slowed the
            // single-threaded-per-worker forward that followed (batch 1 by ~40 %).
            double sgemm = SgemmCeiling.measureGflops(threads, 8 * c.tokens(), c.intermediateSize(), c.hiddenSize(), 3);
            for (Timing t : timings) {
                double gflops = flops / t.median() * 1e-9;
                results.add(new BenchResult(t.backend(), t.precision(), t.description(), threads, t.batch(), iters,
                        t.median(), t.min(), 1 / t.median(), gflops, sgemm, gflops / sgemm));
            }
            FaceStageBench.Result faces = FaceStageBench.run(Math.max(warmup, 3), Math.max(4 * iters, 20));
            if (format.equals("json")) {
                out.println(json(results, faces));
            } else {
                out.printf(Locale.ROOT, "%s, %.1f GFLOP/image; large OpenBLAS sgemm on %d threads: %.1f GFLOP/s%n",
                        c.architectureName(), flops * 1e-9, threads, sgemm);
                for (String e : engines) out.println("engine: " + e);
                markdown(results, out);
                faceStageMarkdown(faces, results, out);
            }
        }
        return ExitCodes.SUCCESS;
    }

    /** The seeded full-size model, synthesized into weights/ the first time. */
    private static Path synthetic(String name, PrintStream err) throws IOException {
        if (Files.isRegularFile(SYNTHETIC_DIR.resolve(ModelDirectory.WEIGHTS))) return SYNTHETIC_DIR;
        err.println("vitface bench: writing seeded " + name + " weights to " + SYNTHETIC_DIR + " (once, 1.2 GB)...");
        Path config = Files.createTempFile("vitface-" + name, ".json");
        try (InputStream in = BenchCommand.class.getResourceAsStream("/dev/vitface/configs/" + name + ".json")) {
            Files.copy(in, config, StandardCopyOption.REPLACE_EXISTING);
            SeededModelWriter.write(config, SYNTHETIC_DIR);
        } finally {
            Files.deleteIfExists(config);
        }
        return SYNTHETIC_DIR;
    }

    private static int[] parseBatches(String list) {
        try {
            int[] batches = Arrays.stream(list.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            for (int b : batches) if (b < 1 || b > 4096) throw new NumberFormatException();
            if (batches.length == 0) throw new NumberFormatException();
            return batches;
        } catch (NumberFormatException e) {
            throw new UsageException("--batch takes a comma-separated list of sizes from 1 to 4096, got '" + list + "'");
        }
    }

    private static List<Precision> parsePrecisions(String list) {
        try {
            List<Precision> precisions = Arrays.stream(list.split(",")).map(String::trim).map(Precision::parse).distinct().toList();
            if (precisions.isEmpty()) throw new IllegalArgumentException("empty");
            return precisions;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--precision takes a comma-separated list of " + Precision.NAMES + ", got '" + list + "'");
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void markdown(List<BenchResult> results, PrintStream out) {
        out.println("| batch | backend | precision | threads | s/image median | s/image min | images/s | GFLOP/s | sgemm GFLOP/s | fraction of sgemm |");
        out.println("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|");
        for (BenchResult r : results) {
            out.printf(Locale.ROOT, "| %d | %s | %s | %d | %.4f | %.4f | %.2f | %.1f | %.1f | %.3f |%n", r.batch(), r.backend(),
                    r.precision(), r.threads(), r.secondsPerImageMedian(), r.secondsPerImageMin(), r.imagesPerSecond(),
                    r.gflops(), r.sgemmGflops(), r.fractionOfSgemm());
        }
    }

    /** The detect+align line under the table: its time per photo and its share of each batch-8 forward. */
    private static void faceStageMarkdown(FaceStageBench.Result faces, List<BenchResult> results, PrintStream out) {
        out.printf(Locale.ROOT, "%ndetect+align (cascade, %s %dx%d, %d face, one thread): %.1f ms per photo median, %.1f min%n",
                faces.photo(), faces.width(), faces.height(), faces.faces(), faces.medianSeconds() * 1e3, faces.minSeconds() * 1e3);
        for (BenchResult r : results) {
            if (r.batch() != 8) continue;
            out.printf(Locale.ROOT, "detect+align / forward per image at batch 8 (%s %s): %.2f %% (target <= 5 %%)%n", r.backend(),
                    r.precision(), 100 * faces.fractionOf(r.secondsPerImageMedian()));
        }
    }

    private static String json(List<BenchResult> results, FaceStageBench.Result faces) {
        JsonArray rows = new JsonArray();
        for (BenchResult r : results) {
            JsonObject o = new JsonObject();
            o.addProperty("batch", r.batch());
            o.addProperty("backend", r.backend());
            o.addProperty("backend_description", r.backendDescription());
            o.addProperty("precision", r.precision());
            o.addProperty("threads", r.threads());
            o.addProperty("iterations", r.iterations());
            o.addProperty("seconds_per_image_median", r.secondsPerImageMedian());
            o.addProperty("seconds_per_image_min", r.secondsPerImageMin());
            o.addProperty("images_per_second", r.imagesPerSecond());
            o.addProperty("gflops", r.gflops());
            o.addProperty("sgemm_gflops", r.sgemmGflops());
            o.addProperty("fraction_of_sgemm", r.fractionOfSgemm());
            o.addProperty("detect_align_seconds_per_photo", faces.medianSeconds());
            o.addProperty("detect_align_fraction_of_forward", faces.fractionOf(r.secondsPerImageMedian()));
            rows.add(o);
        }
        return new GsonBuilder().setPrettyPrinting().create().toJson(rows);
    }
}
