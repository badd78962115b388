package dev.vitface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vitface.Fixtures;
import org.junit.jupiter.api.Test;

/** {@code vitface bench} reports detect+align beside the forward time (figures themselves are measured, not tested). */
class BenchFaceStageTest {
    private static final String MODEL = Fixtures.tinyModel().toString();

    @Test
    void jsonRowsCarryTheDetectAlignTimeAndItsFractionOfTheForward() {
        CliRunner r = CliRunner.run("bench", "--model", MODEL, "--batch", "8", "--iters", "1", "--warmup", "0", "--warmup-seconds", "0",
                "--threads", "2", "--format", "json");
        assertEquals(0, r.exitCode(), r.err());
        JsonArray rows = JsonParser.parseString(r.out()).getAsJsonArray();
        assertEquals(1, rows.size());
        JsonObject row = rows.get(0).getAsJsonObject();
        double seconds = row.get("detect_align_seconds_per_photo").getAsDouble();
        assertTrue(seconds > 0 && seconds < 10, row.toString());
        assertEquals(seconds / row.get("seconds_per_image_median").getAsDouble(),
                row.get("detect_align_fraction_of_forward").getAsDouble(), 1e-12);
    }

    @Test
    void markdownStatesThePhotoAndTheShareAtBatch8() {
        CliRunner r = CliRunner.run("bench", "--model", MODEL, "--batch", "1,8", "--iters", "1", "--warmup", "0",
                "--warmup-seconds", "0", "--threads", "2");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("detect+align (cascade, astronaut.png 512x512, 1 face, one thread)"), r.out());
        assertEquals(1, r.out().lines().filter(l -> l.startsWith("detect+align / forward per image at batch 8")).count(), r.out());
    }
}
