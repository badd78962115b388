package dev.vitface.backend.cuda;

import dev.vitface.cli.Args;
import dev.vitface.cli.ExitCodes;
import dev.vitface.cli.UsageException;
import dev.vitface.model.ModelDirectory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * End-to-end throughput and latency of {@link CudaForwardPass}: each timed call is one
 * {@code forward} as a user makes it (pixels up, whole pass, pooler and logits down, stream
 * synchronised), timed with the host clock after warm-up (which also captures the CUDA graph).
 * Inputs are random normal pixels, never zeros. Prints one row per precision and batch: median
 * and p90 ms per call, images/s, achieved TFLOP/s over the GEMM FLOPs ({@link VisionConfig#flopsPerImage}) and the
 * fraction of the card's datasheet dense peak for that precision.
 *
 * <pre>java -cp vitface.jar:lib/* dev.vitface.backend.cuda.CudaBench --model DIR [--precision bf16,tf32,fp32]
 *     [--batch 1,32,256] [--seconds 2] [--compare-eager]</pre>
 */
public final class CudaBench {
    static final int WARMUP = 3;
    static final int MIN_ITERATIONS = 5;

    private CudaBench() {}

    public static void main(String[] argv) {
        System.exit(run(List.of(argv), System.out, System.err));
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) {
        Path modelDir;
        List<CudaPrecision> precisions;
        int[] batches;
        double seconds;
        boolean compareEager;
        try {
            Args args = Args.parse(argv, Set.of("model", "precision", "batch", "seconds"), Set.of("compare-eager"));
            modelDir = Path.of(args.required("model"));
            precisions = CudaCheck.parsePrecisions(args.value("precision", "bf16,tf32,fp32"));
            batches = Arrays.stream(args.value("batch", "1,32,256").split(",")).map(String::trim)
                    .mapToInt(Integer::parseInt).toArray();
            if (batches.length == 0 || Arrays.stream(batches).anyMatch(b -> b < 1)) {
                throw new IllegalArgumentException("--batch needs positive sizes");
            }
            seconds = args.doubleValue("seconds", 2);
            compareEager = args.flag("compare-eager");
        } catch (UsageException | IllegalArgumentException e) {
            err.println("CudaBench: " + e.getMessage());
            err.println("usage: CudaBench --model DIR [--precision bf16,tf32,fp32] [--batch 1,32,256] [--seconds 2] [--compare-eager]");
            return ExitCodes.USAGE;
        }
        CudaAvailability availability = CudaAvailability.probe();
        out.println(availability.describe());
        if (!availability.available()) return ExitCodes.FAILURE;
        CudaDevice device = availability.device().orElseThrow();

        try (ModelDirectory model = ModelDirectory.open(modelDir)) {
            int labels = model.weights().heads().values().stream().mapToInt(l -> l.out()).sum();
            double flops = model.config().flopsPerImage(labels);
            out.printf("model %s: %.1f GFLOP per image (GEMMs)%n", model.config().architectureName(), flops / 1e9);
            out.printf("%-5s %6s %-6s %10s %10s %12s %10s %10s %14s%n", "prec", "batch", "graph", "median ms", "p90 ms",
                    "images/s", "TFLOP/s", "% peak", "device MiB +/-");
            int maxBatch = Arrays.stream(batches).max().orElseThrow();
            boolean allRan = true;
            for (CudaPrecision p : precisions) {
                CudaOptions options = CudaOptions.fromSystemProperties();
                try {
                    try (CudaForwardPass pass = CudaForwardPass.open(model.config(), model.weights(), maxBatch, p, options)) {
                        for (int b : batches) row(out, pass, b, b <= options.graphMaxBatch(), seconds, flops, device);
                    }
                    int[] small = Arrays.stream(batches).filter(b -> b <= options.graphMaxBatch()).toArray();
                    if (compareEager && small.length > 0) {
                        int smallMax = Arrays.stream(small).max().orElseThrow();
                        try (CudaForwardPass eager = CudaForwardPass.open(model.config(), model.weights(), smallMax, p,
                                options.withGraphs(false))) {
                            for (int b : small) row(out, eager, b, false, seconds, flops, device);
                        }
                    }
                } catch (RuntimeException e) {
                    // Report and go on: the other precisions' figures are still worth having.
                    out.printf("%-5s ERROR %s%n", p.cliName(), e);
                    allRan = false;
                }
            }
            return allRan ? ExitCodes.SUCCESS : ExitCodes.FAILURE;
        }
    }

    private static void row(PrintStream out, CudaForwardPass pass, int batch, boolean graph, double seconds, double flops,
                            CudaDevice device) {
        float[] pixels = randomPixels(pass, batch);
        for (int i = 0; i < WARMUP; i++) pass.forward(pixels, batch, false);
        long freeBefore = CudaCheck.freeDeviceBytes();
        List<Long> times = new ArrayList<>();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (times.size() < MIN_ITERATIONS || System.nanoTime() < deadline) {
            long start = System.nanoTime();
            pass.forward(pixels, batch, false);
            times.add(System.nanoTime() - start);
        }
        long freeAfter = CudaCheck.freeDeviceBytes();
        long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
        double median = sorted[sorted.length / 2] / 1e6;
        double p90 = sorted[(int) Math.min(sorted.length - 1, Math.round(sorted.length * 0.9))] / 1e6;
        double imagesPerSecond = batch / (median / 1e3);
        double tflops = imagesPerSecond * flops / 1e12;
        double peak = DatasheetPeak.denseTflops(device.name(), pass.precision());
        String fraction = Double.isNaN(peak) ? "n/a" : String.format(Locale.ROOT, "%.1f", 100 * tflops / peak);
        out.printf(Locale.ROOT, "%-5s %6d %-6s %10.3f %10.3f %12.1f %10.1f %10s %14d%n", pass.precision().cliName(), batch,
                graph ? "yes" : "no", median, p90, imagesPerSecond, tflops, fraction, (freeBefore - freeAfter) >> 20);
    }

    /** Normal(0, 1) values: the range CLIP-normalised pixels have; fixed seed, so runs see the same input. */
    private static float[] randomPixels(CudaForwardPass pass, int batch) {
        Random random = new Random(42L * batch);
        float[] pixels = new float[pass.pixelValuesPerImage() * batch];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (float) random.nextGaussian();
        return pixels;
    }
}
