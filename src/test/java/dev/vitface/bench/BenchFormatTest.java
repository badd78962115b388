package dev.vitface.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code vitface bench}'s formats: the keys scripts read stay, the peaks and the fraction of peak are
 * in both formats, and a missing ceiling or peak is null, not a failure.
 */
class BenchFormatTest {

    private static final Peak FMA = new Peak("fp32 FMA loop: FloatVector 512-bit, 12 independent accumulators", 450);
    private static final Peak BF16 = new Peak("bf16 dot product: 2 × the fp32 FMA peak", 900);
    private static final String WARNING = "OPENBLAS_CORETYPE=Haswell makes OpenBLAS run its Haswell kernels";

    private static BenchResult result(Ceiling ceiling) {
        return result("fp32", ceiling, FMA);
    }

    private static BenchResult result(String precision, Ceiling ceiling, Peak peak) {
        double gflops = 150;
        return new BenchResult("java", precision, "java reference", 2, 1, 5, 0.5, 0.4, 2, gflops, ceiling,
                gflops / ceiling.gflops(), peak, gflops / peak.gflops());
    }

    private static ForwardBench.Report report(Ceiling ceiling, Peak fma, Peak bf16, List<BenchResult> results) {
        return new ForwardBench.Report("ViT", 162e9, List.of("java reference"), List.of(ceiling), fma, bf16,
                List.of(WARNING), results);
    }

    @Test
    void everyResultKeepsItsKeysAndSaysWhatTheCeilingWas() {
        Ceiling sgemm = new Ceiling("OpenBLAS sgemm [2056, 4096, 1024] on 2 threads", 200);
        JsonObject row = parse(report(sgemm, FMA, BF16, List.of(result(sgemm)))).get(0).getAsJsonObject();
        assertEquals(Set.of("batch", "backend", "backend_description", "precision", "threads", "iterations",
                "seconds_per_image_median", "seconds_per_image_min", "images_per_second", "gflops", "sgemm_gflops",
                "fraction_of_sgemm", "ceiling", "fma_peak_gflops", "bf16_peak_gflops", "fraction_of_peak", "peak",
                "warnings"), row.keySet());
        assertEquals(200, row.get("sgemm_gflops").getAsDouble());
        assertEquals(0.75, row.get("fraction_of_sgemm").getAsDouble());
        assertEquals(sgemm.description(), row.get("ceiling").getAsString());
    }

    @Test
    void withoutAnyCeilingTheRowSaysWhyInsteadOfFailing() {
        // #12: --backend java on a machine without OpenBLAS threw after the timings.
        Ceiling none = Ceiling.unavailable("OpenBLAS could not be loaded (no libopenblas)");
        JsonObject row = parse(report(none, FMA, BF16, List.of(result(none)))).get(0).getAsJsonObject();
        assertTrue(row.get("sgemm_gflops").isJsonNull());
        assertTrue(row.get("fraction_of_sgemm").isJsonNull());
        assertTrue(row.get("ceiling").getAsString().contains("OpenBLAS could not be loaded"));
    }

    @Test
    void eachRowIsDividedByThePeakOfItsPrecision() {
        Ceiling sgemm = new Ceiling("OpenBLAS sgemm", 200);
        JsonArray rows = parse(report(sgemm, FMA, BF16, List.of(result(sgemm), result("bf16", sgemm, BF16))));
        for (int i = 0; i < 2; i++) {
            JsonObject row = rows.get(i).getAsJsonObject();
            assertEquals(450, row.get("fma_peak_gflops").getAsDouble());
            assertEquals(900, row.get("bf16_peak_gflops").getAsDouble());
            assertEquals(WARNING, row.getAsJsonArray("warnings").get(0).getAsString());
        }
        assertEquals(150.0 / 450, rows.get(0).getAsJsonObject().get("fraction_of_peak").getAsDouble(), 1e-12);
        assertEquals(FMA.description(), rows.get(0).getAsJsonObject().get("peak").getAsString());
        assertEquals(150.0 / 900, rows.get(1).getAsJsonObject().get("fraction_of_peak").getAsDouble(), 1e-12);
    }

    @Test
    void withoutABf16PeakItsFieldsAreNullAndSayWhy() {
        Ceiling sgemm = new Ceiling("OpenBLAS sgemm", 200);
        Peak none = Peak.unavailable("oneDNN dispatches to avx512_core_vnni: no AVX-512 BF16 dot product");
        JsonObject row = parse(report(sgemm, FMA, none, List.of(result("bf16", sgemm, none)))).get(0).getAsJsonObject();
        assertTrue(row.get("bf16_peak_gflops").isJsonNull());
        assertTrue(row.get("fraction_of_peak").isJsonNull());
        assertTrue(row.get("peak").getAsString().contains("no AVX-512 BF16"), row.get("peak").getAsString());
    }

    @Test
    void markdownShowsThePeaksTheWarningAndTheFractionOfPeak() {
        Ceiling sgemm = new Ceiling("OpenBLAS sgemm", 200);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BenchFormat.markdown(report(sgemm, FMA, BF16, List.of(result(sgemm))), new PrintStream(bytes, true, UTF_8));
        String md = bytes.toString(UTF_8);
        for (String part : List.of("warning: " + WARNING, "fp32 FMA peak: 450.0 GFLOP/s (" + FMA.description() + ")",
                "bf16 peak: 900.0 GFLOP/s", "| peak GFLOP/s | fraction of peak |", "| 450.0 | 0.333 |")) {
            assertTrue(md.contains(part), "missing '" + part + "' in:\n" + md);
        }
    }

    private static JsonArray parse(ForwardBench.Report report) {
        return JsonParser.parseString(BenchFormat.json(report)).getAsJsonArray();
    }
}
