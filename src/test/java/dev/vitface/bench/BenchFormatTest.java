package dev.vitface.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code vitface bench --format json}: the keys scripts read stay, and a missing ceiling is null, not a failure. */
class BenchFormatTest {

    private static BenchResult result(Ceiling ceiling) {
        double gflops = 150;
        return new BenchResult("java", "fp32", "java reference", 2, 1, 5, 0.5, 0.4, 2, gflops, ceiling,
                gflops / ceiling.gflops());
    }

    @Test
    void everyResultKeepsItsKeysAndSaysWhatTheCeilingWas() {
        Ceiling sgemm = new Ceiling("OpenBLAS sgemm [2056, 4096, 1024] on 2 threads", 200);
        JsonObject row = parse(new ForwardBench.Report("ViT", 162e9, List.of("java reference"), List.of(sgemm),
                List.of(result(sgemm)))).get(0).getAsJsonObject();
        assertEquals(Set.of("batch", "backend", "backend_description", "precision", "threads", "iterations",
                "seconds_per_image_median", "seconds_per_image_min", "images_per_second", "gflops", "sgemm_gflops",
                "fraction_of_sgemm", "ceiling"), row.keySet());
        assertEquals(200, row.get("sgemm_gflops").getAsDouble());
        assertEquals(0.75, row.get("fraction_of_sgemm").getAsDouble());
        assertEquals(sgemm.description(), row.get("ceiling").getAsString());
    }

    @Test
    void withoutAnyCeilingTheRowSaysWhyInsteadOfFailing() {
        // #12: --backend java on a machine without OpenBLAS threw after the timings.
        Ceiling none = Ceiling.unavailable("OpenBLAS could not be loaded (no libopenblas)");
        JsonObject row = parse(new ForwardBench.Report("ViT", 162e9, List.of(), List.of(none), List.of(result(none))))
                .get(0).getAsJsonObject();
        assertTrue(row.get("sgemm_gflops").isJsonNull());
        assertTrue(row.get("fraction_of_sgemm").isJsonNull());
        assertTrue(row.get("ceiling").getAsString().contains("OpenBLAS could not be loaded"));
    }

    private static JsonArray parse(ForwardBench.Report report) {
        return JsonParser.parseString(BenchFormat.json(report)).getAsJsonArray();
    }
}
