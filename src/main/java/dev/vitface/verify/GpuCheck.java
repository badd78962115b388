package dev.vitface.verify;

import dev.vitface.backend.Precision;
import dev.vitface.backend.cuda.CudaAvailability;
import dev.vitface.backend.cuda.CudaDevice;
import dev.vitface.backend.cuda.CudaOptions;
import dev.vitface.forward.ForwardOutput;
import dev.vitface.forward.cuda.CudaForwardPass;
import dev.vitface.model.ModelDirectory;
import dev.vitface.util.FailureText;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The CUDA backend's check against a golden file, for each precision: an eager pass (with the
 * hidden states when the file has them), then a pass replaying a CUDA graph, on the same input,
 * each judged by {@link PrecisionCriteria}; each is then called {@value #REPLAYS} more times and
 * device memory must not shrink. {@code vitface verify --backend cuda} runs it, and
 * {@code bench/gpu-check.sh} runs that on the GPU machine.
 */
public final class GpuCheck {
    static final int REPLAYS = 20;

    private GpuCheck() {}

    /**
     * Prints the availability probe's answer, then every precision's report and a summary.
     *
     * @return true when CUDA is available and every criterion of every precision holds
     */
    public static boolean run(ModelDirectory model, GoldenFile golden, List<Precision> precisions, double atol, double rtol,
                              PrintStream out) {
        CudaAvailability availability = CudaAvailability.probe();
        out.println(availability.describe());
        if (!availability.available()) return false;

        Verifier.checkFits(model.config(), golden);
        boolean hidden = golden.highestHiddenState().isPresent();
        List<String> summary = new ArrayList<>();
        boolean allPass = true;
        for (Precision p : precisions) {
            out.printf("%n== %s: %s, golden %s (%d images) ==%n", p.cliName(), model.config().architectureName(),
                    golden.path().getFileName(), golden.images());
            CudaOptions options = CudaOptions.fromSystemProperties();
            try {
                ForwardOutput eager;
                boolean ok;
                try (CudaForwardPass pass = CudaForwardPass.open(model.config(), model.weights(), golden.images(), p,
                        options.withGraphs(false))) {
                    eager = pass.forward(golden.pixelValues(), golden.images(), hidden);
                    ok = report(out, "eager" + (hidden ? " + hidden states" : ""), p, golden, eager, hidden, atol, rtol);
                    ok &= steadyState(out, pass, golden);
                }
                if (options.graphMaxBatch() >= golden.images()) {
                    try (CudaForwardPass pass = CudaForwardPass.open(model.config(), model.weights(), golden.images(), p,
                            options)) {
                        ForwardOutput graphed = pass.forward(golden.pixelValues(), golden.images(), false);
                        ok &= report(out, "CUDA graph", p, golden, graphed, false, atol, rtol);
                        out.printf("   graph vs eager: pooler max abs diff %.3e%n", maxAbsDiff(eager.pooler(), graphed.pooler()));
                        ok &= steadyState(out, pass, golden);
                    }
                }
                summary.add(String.format("%-5s %s", p.cliName(), ok ? "PASS" : "FAIL"));
                allPass &= ok;
            } catch (RuntimeException e) {
                // One precision failing (a CUDA error, too little memory) must not hide the others' results.
                out.println("ERROR: " + e);
                String message = FailureText.of(e);
                summary.add(String.format("%-5s ERROR %s", p.cliName(), message.lines().findFirst().orElse("")));
                allPass = false;
            }
        }
        out.println();
        out.println("summary (" + golden.path() + "):");
        summary.forEach(s -> out.println("  " + s));
        return allPass;
    }

    /** Prints every output's error, then the precision's criteria; true if all criteria pass. */
    private static boolean report(PrintStream out, String mode, Precision p, GoldenFile golden, ForwardOutput actual,
                                  boolean withHidden, double atol, double rtol) {
        out.println("-- " + mode);
        out.printf("   %-18s %12s %12s %12s%n", "output", "max abs", "max rel", "cosine");
        golden.outputs().forEach((name, expected) -> {
            float[] a = PrecisionCriteria.actual(name, actual);
            if (a == null) return;
            Comparison c = Comparison.of(name, "", expected.values(), a, atol);
            out.printf("   %-18s %12.3e %12.3e %12.9f%n", name, c.maxAbs(), c.maxRel(), c.cosine());
        });
        boolean pass = true;
        for (PrecisionCriteria.Criterion c : PrecisionCriteria.evaluate(p, golden, actual, atol, rtol)) {
            if (c.name().startsWith("hidden_states") && !withHidden) continue;
            out.printf("   %-4s %-36s %-56s (%s)%n", c.pass() ? "ok" : "FAIL", c.name(), c.measured(), c.bound());
            pass &= c.pass();
        }
        return pass;
    }

    /** Replays the pass and checks that device memory stays where it was (nothing allocated per call). */
    private static boolean steadyState(PrintStream out, CudaForwardPass pass, GoldenFile golden) {
        pass.forward(golden.pixelValues(), golden.images(), false);
        long before = CudaDevice.freeMemory();
        for (int i = 0; i < REPLAYS; i++) pass.forward(golden.pixelValues(), golden.images(), false);
        long after = CudaDevice.freeMemory();
        boolean ok = after >= before;
        out.printf("   %-4s %-36s %-56s (%s)%n", ok ? "ok" : "FAIL", "device memory over " + REPLAYS + " calls",
                String.format("free %+d bytes", after - before), "no decrease");
        return ok;
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs((double) a[i] - b[i]));
        return m;
    }
}
