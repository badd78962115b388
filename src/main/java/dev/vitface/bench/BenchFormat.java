package dev.vitface.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintStream;
import java.util.Locale;

/** {@code vitface bench}'s two output formats: a Markdown table with a header, and JSON rows for scripts. */
public final class BenchFormat {
    private BenchFormat() {}

    public static void markdown(ForwardBench.Report report, PrintStream out) {
        out.printf(Locale.ROOT, "%s, %.1f GFLOP/image%n", report.architecture(), report.flopsPerImage() * 1e-9);
        for (Ceiling c : report.ceilings()) out.printf(Locale.ROOT, "ceiling: %s: %.1f GFLOP/s%n", c.description(), c.gflops());
        for (String e : report.engines()) out.println("engine: " + e);
        out.println("| batch | backend | precision | threads | s/image median | s/image min | images/s | GFLOP/s | ceiling GFLOP/s | fraction of ceiling |");
        out.println("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|");
        for (BenchResult r : report.results()) {
            out.printf(Locale.ROOT, "| %d | %s | %s | %d | %.4f | %.4f | %.2f | %.1f | %.1f | %.3f |%n", r.batch(), r.backend(),
                    r.precision(), r.threads(), r.secondsPerImageMedian(), r.secondsPerImageMin(), r.imagesPerSecond(),
                    r.gflops(), r.ceiling().gflops(), r.fractionOfCeiling());
        }
    }

    /**
     * One object per result. {@code sgemm_gflops} and {@code fraction_of_sgemm} keep their names
     * for existing scripts and hold the ceiling's figures, which {@code ceiling} describes (on
     * CUDA a cuBLAS GEMM in the run's precision); NaN, when there was no ceiling, is written as null.
     */
    public static String json(ForwardBench.Report report) {
        JsonArray rows = new JsonArray();
        for (BenchResult r : report.results()) {
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
            o.addProperty("sgemm_gflops", finiteOrNull(r.ceiling().gflops()));
            o.addProperty("fraction_of_sgemm", finiteOrNull(r.fractionOfCeiling()));
            o.addProperty("ceiling", r.ceiling().description());
            rows.add(o);
        }
        return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(rows);
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
