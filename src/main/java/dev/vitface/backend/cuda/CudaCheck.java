package dev.vitface.backend.cuda;

import dev.vitface.verify.PrecisionCriteria;

import dev.vitface.cli.Args;
import dev.vitface.cli.ExitCodes;
import dev.vitface.cli.UsageException;
import dev.vitface.model.ForwardOutput;
import dev.vitface.model.ModelDirectory;
import dev.vitface.verify.Comparison;
import dev.vitface.verify.GoldenFile;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * The GPU machine's correctness check of the CUDA backend against a golden file, for each
 * precision: an eager pass (with the hidden states when the file has them), then a pass replaying
 * a CUDA graph, on the same input, each judged by {@link PrecisionCriteria}; each is then called
 * {@value #REPLAYS} more times and device memory must not shrink. Run by {@code bench/gpu-check.sh};
 * the CLI's {@code verify --backend cuda} is the user-facing twin.
 *
 * <pre>java -cp vitface.jar:lib/* dev.vitface.backend.cuda.CudaCheck --model DIR --golden FILE [--precision fp32,tf32,bf16]</pre>
 */
public final class CudaCheck {
    static final int REPLAYS = 20;

    private CudaCheck() {}

    public static void main(String[] argv) {
        System.exit(run(List.of(argv), System.out, System.err));
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) {
        List<CudaPrecision> precisions;
        Path modelDir;
        Path goldenPath;
        try {
            Args args = Args.parse(argv, Set.of("model", "golden", "precision"), Set.of());
            modelDir = Path.of(args.required("model"));
            goldenPath = Path.of(args.required("golden"));
            precisions = parsePrecisions(args.value("precision", "fp32,tf32,bf16"));
        } catch (UsageException | IllegalArgumentException e) {
            err.println("CudaCheck: " + e.getMessage());
            err.println("usage: CudaCheck --model DIR --golden FILE [--precision fp32,tf32,bf16]");
            return ExitCodes.USAGE;
        }
        CudaAvailability availability = CudaAvailability.probe();
        out.println(availability.describe());
        if (!availability.available()) return ExitCodes.FAILURE;

        GoldenFile golden = GoldenFile.read(goldenPath);
        boolean hidden = golden.highestHiddenState().isPresent();
        List<String> summary = new ArrayList<>();
        boolean allPass = true;
        try (ModelDirectory model = ModelDirectory.open(modelDir)) {
            for (CudaPrecision p : precisions) {
                out.printf("%n== %s: %s, golden %s (%d images) ==%n", p.cliName(), model.config().architectureName(),
                        goldenPath.getFileName(), golden.images());
                CudaOptions options = CudaOptions.fromSystemProperties();
                try {
                    ForwardOutput eager;
                    boolean ok;
                    try (CudaForwardPass pass = CudaForwardPass.open(model.config(), model.weights(), golden.images(), p,
                            options.withGraphs(false))) {
                        eager = pass.forward(golden.pixelValues(), golden.images(), hidden);
                        ok = report(out, "eager" + (hidden ? " + hidden states" : ""), p, golden, eager, hidden);
                        ok &= steadyState(out, pass, golden);
                    }
                    if (options.graphMaxBatch() >= golden.images()) {
                        try (CudaForwardPass pass = CudaForwardPass.open(model.config(), model.weights(), golden.images(), p,
                                options)) {
                            ForwardOutput graphed = pass.forward(golden.pixelValues(), golden.images(), false);
                            ok &= report(out, "CUDA graph", p, golden, graphed, false);
                            out.printf("   graph vs eager: pooler max abs diff %.3e%n", maxAbsDiff(eager.pooler(), graphed.pooler()));
                            ok &= steadyState(out, pass, golden);
                        }
                    }
                    summary.add(String.format("%-5s %s", p.cliName(), ok ? "PASS" : "FAIL"));
                    allPass &= ok;
                } catch (RuntimeException e) {
                    // One precision failing (a CUDA error, too little memory) must not hide the others' results.
                    out.println("ERROR: " + e);
                    summary.add(String.format("%-5s ERROR %s", p.cliName(), e.getMessage().lines().findFirst().orElse("")));
                    allPass = false;
                }
            }
        }
        out.println();
        out.println("summary (" + goldenPath + "):");
        summary.forEach(s -> out.println("  " + s));
        return allPass ? ExitCodes.SUCCESS : ExitCodes.FAILURE;
    }

    /** Prints every output's error, then the precision's criteria; true if all criteria pass. */
    private static boolean report(PrintStream out, String mode, CudaPrecision p, GoldenFile golden, ForwardOutput actual,
                                  boolean withHidden) {
        out.println("-- " + mode);
        out.printf("   %-18s %12s %12s %12s%n", "output", "max abs", "max rel", "cosine");
        golden.outputs().forEach((name, expected) -> {
            float[] a = PrecisionCriteria.actual(name, actual);
            if (a == null) return;
            Comparison c = Comparison.of(name, "", expected.values(), a, PrecisionCriteria.FP32_ATOL);
            out.printf("   %-18s %12.3e %12.3e %12.9f%n", name, c.maxAbs(), c.maxRel(), c.cosine());
        });
        boolean pass = true;
        for (PrecisionCriteria.Criterion c : PrecisionCriteria.evaluate(p.precision(), golden, actual, PrecisionCriteria.FP32_ATOL, PrecisionCriteria.LOGITS_RTOL)) {
            if (c.name().startsWith("hidden_states") && !withHidden) continue;
            out.printf("   %-4s %-36s %-56s (%s)%n", c.pass() ? "ok" : "FAIL", c.name(), c.measured(), c.bound());
            pass &= c.pass();
        }
        return pass;
    }

    /** Replays the pass and checks that device memory stays where it was (nothing allocated per call). */
    private static boolean steadyState(PrintStream out, CudaForwardPass pass, GoldenFile golden) {
        pass.forward(golden.pixelValues(), golden.images(), false);
        long before = freeDeviceBytes();
        for (int i = 0; i < REPLAYS; i++) pass.forward(golden.pixelValues(), golden.images(), false);
        long after = freeDeviceBytes();
        boolean ok = after >= before;
        out.printf("   %-4s %-36s %-56s (%s)%n", ok ? "ok" : "FAIL", "device memory over " + REPLAYS + " calls",
                String.format("free %+d bytes", after - before), "no decrease");
        return ok;
    }

    static long freeDeviceBytes() {
        try (SizeTPointer free = new SizeTPointer(1); SizeTPointer total = new SizeTPointer(1)) {
            CudaChecks.cudart(cudart.cudaMemGetInfo(free, total), "cudaMemGetInfo");
            return free.get();
        }
    }

    static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs((double) a[i] - b[i]));
        return m;
    }

    static List<CudaPrecision> parsePrecisions(String list) {
        List<CudaPrecision> out = Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(CudaPrecision::parse).distinct().toList();
        if (out.isEmpty()) throw new IllegalArgumentException("no precision given");
        return out;
    }
}
