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
        for (String w : report.warnings()) out.println("warning: " + w);
        for (Ceiling c : report.ceilings()) out.printf(Locale.ROOT, "ceiling: %s: %.1f GFLOP/s%n", c.description(), c.gflops());
        printPeak("fp32 FMA peak", report.fmaPeak(), out);
        printPeak("bf16 peak", report.bf16Peak(), out);
        for (String e : report.engines()) out.println("engine: " + e);
        out.println("| batch | backend | precision | threads | s/image median | s/image min | images/s | GFLOP/s"
                + " | ceiling GFLOP/s | fraction of ceiling | peak GFLOP/s | fraction of peak |");
        out.println("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (BenchResult r : report.results()) {
            out.printf(Locale.ROOT, "| %d | %s | %s | %d | %.4f | %.4f | %.2f | %.1f | %.1f | %.3f | %.1f | %.3f |%n", r.batch(),
                    r.backend(), r.precision(), r.threads(), r.secondsPerImageMedian(), r.secondsPerImageMin(),
                    r.imagesPerSecond(), r.gflops(), r.ceiling().gflops(), r.fractionOfCeiling(), r.peak().gflops(),
                    r.fractionOfPeak());
        }
    }

    private static void printPeak(String name, Peak peak, PrintStream out) {
        if (peak.available()) {
            out.printf(Locale.ROOT, "%s: %.1f GFLOP/s (%s)%n", name, peak.gflops(), peak.description());
        } else {
            out.printf(Locale.ROOT, "%s: none (%s)%n", name, peak.description());
        }
    }

    /**
     * One object per result. {@code sgemm_gflops} and {@code fraction_of_sgemm} keep their names
     * for existing scripts and hold the ceiling's figures, which {@code ceiling} describes (on
     * CUDA a cuBLAS GEMM in the run's precision). {@code fma_peak_gflops} and {@code bf16_peak_gflops}
     * are the run's CPU peaks (the same on every row), {@code fraction_of_peak} the row's GFLOP/s
     * over the one for its precision, which {@code peak} describes; {@code warnings} lists what
     * the run should be read with. NaN, when there was no figure, is written as null.
     */
    public static String json(ForwardBench.Report report) {
        return toJson(rows(report, null));
    }

    /** As {@link #json(ForwardBench.Report)}, each row also carrying the detect+align figures ({@link FaceStageBench}). */
    public static String json(ForwardBench.Report report, FaceStageBench.Result faces) {
        return toJson(rows(report, faces));
    }

    private static String toJson(JsonArray rows) {
        return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(rows);
    }

    private static JsonArray rows(ForwardBench.Report report, FaceStageBench.Result faces) {
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
            o.addProperty("fma_peak_gflops", finiteOrNull(report.fmaPeak().gflops()));
            o.addProperty("bf16_peak_gflops", finiteOrNull(report.bf16Peak().gflops()));
            o.addProperty("fraction_of_peak", finiteOrNull(r.fractionOfPeak()));
            o.addProperty("peak", r.peak().description());
            JsonArray warnings = new JsonArray();
            report.warnings().forEach(warnings::add);
            o.add("warnings", warnings);
            if (faces != null) faces.addTo(o, r);
            rows.add(o);
        }
        return rows;
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
