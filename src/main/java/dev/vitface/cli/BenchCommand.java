package dev.vitface.cli;

import dev.vitface.backend.Precision;
import dev.vitface.bench.BenchFormat;
import dev.vitface.bench.FaceStageBench;
import dev.vitface.bench.ForwardBench;
import dev.vitface.bench.SeededModel;
import dev.vitface.bench.WarmUp;
import dev.vitface.engine.BackendKind;
import dev.vitface.model.ModelDirectory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** {@code vitface bench}: the command over {@link ForwardBench}, which measures against the ceiling of the same run. */
final class BenchCommand implements Command {

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "measure forward-pass speed (images/s, GFLOP/s, fractions of a large GEMM and of the FMA peak)";
    }

    @Override
    public String usage() {
        return """
                Usage: vitface bench [--model DIR | --synthetic vit-l14] [--batch 1,8] [--threads N]
                                     [--iters N] [--warmup N] [--warmup-seconds S]
                                     [--backend auto|cpu|onednn|cuda|java]
                                     [--precision fp32[,bf16,tf32]] [--strict-precision] [--format md|json]

                Warms up (at least --warmup forwards, default 2, and at least --warmup-seconds of them,
                default 8: at one image a forward the JIT needs ~10 forwards to reach full speed), then
                times --iters forward passes per batch size (random pixels) and reports
                the median and min time per image, images/s and GFLOP/s (FLOPs from the config), beside
                the GFLOP/s of one large GEMM of the model's fc1 shape measured in the same run (the
                practical ceiling) and the ratio between the two: an OpenBLAS sgemm on the same threads
                for the CPU backends, a cuBLAS GEMM in the same precision on the same GPU for cuda.
                Each precision in --precision is measured in the same run. Rows that ran on the CPU are
                also divided by the CPU's arithmetic peak, measured in the same run on the same threads
                (before the forwards and after them; the higher reading counts, as a busy moment on a
                shared host only lowers it): a Vector API FMA loop for fp32 (fma_peak_gflops), twice that for bf16 where the CPU has
                AVX-512 BF16 (bf16_peak_gflops); fraction_of_peak is the row's share of its precision's
                peak. JSON keeps the keys sgemm_gflops and fraction_of_sgemm for the ceiling's figures;
                "ceiling" and "peak" say what they were, "warnings" what the run should be read with
                (OPENBLAS_CORETYPE forcing kernels older than the CPU).
                Then times what face detection adds per photo (the default cascade plus the FairFace chip
                of each face, one thread, on the bundled 512x512 astronaut photo with one face) and
                gives it as a fraction of each row's forward time per image (JSON:
                detect_align_seconds_per_photo, detect_align_fraction_of_forward; target <= 0.05 at
                batch 8).
                --synthetic vit-l14 uses seeded full-size weights, written once to weights/vit-l14-seeded.
                --backend onednn runs the fp32 linear layers on oneDNN's matmul (weights reordered once
                at load) instead of OpenBLAS's sgemm: run it and --backend cpu in turn to compare.""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws IOException {
        Args args = Args.parse(argv, Set.of("model", "synthetic", "batch", "threads", "iters", "warmup", "warmup-seconds", "backend", "precision", "format"),
                Set.of("strict-precision"));
        if (!args.positional().isEmpty()) throw new UsageException("unexpected argument " + args.positional().getFirst());
        if (args.value("model") != null && args.value("synthetic") != null) {
            throw new UsageException("give --model or --synthetic, not both");
        }
        ForwardBench.Settings settings = new ForwardBench.Settings(
                BackendKind.parse(args.choice("backend", "auto", BackendKind.NAMES)),
                parsePrecisions(args.value("precision", "fp32")),
                parseBatches(args.value("batch", "1,8")),
                args.intValue("threads", Runtime.getRuntime().availableProcessors(), 1, 1024),
                new WarmUp(args.intValue("warmup", WarmUp.DEFAULT_FORWARDS, 0, 1000),
                        args.intValue("warmup-seconds", WarmUp.DEFAULT_SECONDS, 0, 3600)),
                args.intValue("iters", 5, 1, 100_000),
                args.flag("strict-precision"));
        String format = args.choice("format", "md", List.of("md", "json"));
        Path modelDir = args.value("model") != null ? Path.of(args.value("model"))
                : SeededModel.ensure(SeededModel.DEFAULT_DIR, args.choice("synthetic", "vit-l14", List.of("vit-l14")), err);

        try (ModelDirectory model = ModelDirectory.open(modelDir)) {
            ForwardBench.Report report = ForwardBench.run(model, settings);
            FaceStageBench.Result faces = FaceStageBench.run(Math.max(settings.warmUp().forwards(), 3), Math.max(4 * settings.iterations(), 20));
            if (format.equals("json")) {
                out.println(BenchFormat.json(report, faces));
            } else {
                BenchFormat.markdown(report, out);
                faces.markdown(report.results(), out);
            }
        }
        return ExitCodes.SUCCESS;
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

    /** A comma-separated list of precisions, in order, repeats dropped (also {@code verify --backend cuda}'s). */
    static List<Precision> parsePrecisions(String list) {
        try {
            List<Precision> precisions = Arrays.stream(list.split(",")).map(String::trim).filter(p -> !p.isEmpty())
                    .map(Precision::parse).distinct().toList();
            if (precisions.isEmpty()) throw new IllegalArgumentException("empty");
            return precisions;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--precision takes a comma-separated list of " + Precision.NAMES + ", got '" + list + "'");
        }
    }
}
