package dev.vitface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vitface.Fixtures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vitface faces}: the row shapes, the no-face and error rows, the chips. */
class FacesCommandTest {
    static final int GROUP_FACES = 5;

    static Path groupPhoto() {
        try {
            return Path.of(FacesCommandTest.class.getResource("/dev/vitface/demo/group.png").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonObject> rows(CliRunner r) {
        return r.out().lines().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
    }

    @Test
    void everyFaceOfTheGroupPhotoGetsARowWithBoxAndSixLandmarks() {
        CliRunner r = CliRunner.run("faces", groupPhoto().toString());
        assertEquals(0, r.exitCode(), r.err());
        List<JsonObject> rows = rows(r);
        assertEquals(GROUP_FACES, rows.size(), r.out());
        for (int i = 0; i < rows.size(); i++) {
            JsonObject row = rows.get(i);
            assertEquals(List.of("file", "face", "status", "score", "box", "landmarks"), List.copyOf(row.keySet()), row.toString());
            assertEquals(groupPhoto().toString(), row.get("file").getAsString());
            assertEquals(i, row.get("face").getAsInt());
            assertEquals("ok", row.get("status").getAsString());
            double score = row.get("score").getAsDouble();
            assertTrue(score >= 0.7 && score <= 1, row.toString());
            assertEquals(score, Math.round(score * 1e4) / 1e4, 0, "scores have 4 decimals");
            JsonArray box = row.getAsJsonArray("box");
            assertEquals(4, box.size());
            for (JsonElement v : box) assertEquals(v.getAsDouble(), Math.round(v.getAsDouble() * 100) / 100.0, 0, "pixels have 2 decimals");
            assertTrue(box.get(2).getAsDouble() > 40 && box.get(3).getAsDouble() > 40, row.toString());
            JsonObject landmarks = row.getAsJsonObject("landmarks");
            assertEquals(List.of("right_eye", "left_eye", "nose_tip", "mouth", "right_ear", "left_ear"), List.copyOf(landmarks.keySet()));
            for (String k : landmarks.keySet()) assertEquals(2, landmarks.getAsJsonArray(k).size());
            double x = box.get(0).getAsDouble(), y = box.get(1).getAsDouble();
            JsonArray nose = landmarks.getAsJsonArray("nose_tip");
            assertTrue(nose.get(0).getAsDouble() > x && nose.get(0).getAsDouble() < x + box.get(2).getAsDouble()
                    && nose.get(1).getAsDouble() > y && nose.get(1).getAsDouble() < y + box.get(3).getAsDouble(),
                    "the nose is inside the box: " + row);
        }
    }

    @Test
    void aPhotoWithoutAFaceGetsANoFaceRow() {
        CliRunner r = CliRunner.run("faces", Fixtures.path("tiny/chelsea.png").toString());
        assertEquals(0, r.exitCode(), "no face is not an error");
        assertEquals(List.of("{\"file\":\"" + Fixtures.path("tiny/chelsea.png") + "\",\"face\":null,\"status\":\"no_face\"}"),
                r.out().lines().toList());
    }

    @Test
    void anUnreadableFileGetsAnErrorRowAndExitCode1(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("notes.png"), "not an image");
        CliRunner r = CliRunner.run("faces", bad.toString(), Fixtures.path("samples/astronaut_face.png").toString(),
                dir.resolve("gone.jpg").toString());
        assertEquals(1, r.exitCode());
        List<JsonObject> rows = rows(r);
        assertEquals(3, rows.size(), r.out());
        assertEquals(List.of("file", "status", "error"), List.copyOf(rows.get(0).keySet()));
        assertEquals("error", rows.get(0).get("status").getAsString());
        assertTrue(rows.get(0).get("error").getAsString().contains("notes.png"), rows.get(0).toString());
        assertEquals("ok", rows.get(1).get("status").getAsString(), "the run goes on after a bad file");
        assertTrue(rows.get(2).get("error").getAsString().contains("gone.jpg"), rows.get(2).toString());
        assertFalse(r.out().contains("null"), "an error message never says null");
    }

    @Test
    void chipsAreWrittenAsFairFacePngsWithoutNameCollisions(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        Files.copy(Fixtures.path("samples/astronaut_face.png"), dir.resolve("a/face.png"));
        Files.copy(groupPhoto(), dir.resolve("b/face.png"));
        Path chips = dir.resolve("chips");
        CliRunner r = CliRunner.run("faces", "--chips", chips.toString(), dir.resolve("a/face.png").toString(),
                dir.resolve("b/face.png").toString());
        assertEquals(0, r.exitCode(), r.err());
        List<JsonObject> rows = rows(r);
        assertEquals(1 + GROUP_FACES, rows.size(), r.out());
        Set<String> names = new HashSet<>();
        for (JsonObject row : rows) {
            Path chip = Path.of(row.get("chip").getAsString());
            assertEquals(chips, chip.getParent());
            assertTrue(names.add(chip.getFileName().toString()), "distinct chip names: " + r.out());
            BufferedImage image = ImageIO.read(chip.toFile());
            assertEquals(300, image.getWidth());
            assertEquals(300, image.getHeight());
        }
        assertTrue(names.contains("0000-face-face0.png") && names.contains("0001-face-face4.png"), names.toString());
    }

    @Test
    void tableAndOptions() {
        CliRunner r = CliRunner.run("faces", "--format", "table", "--detector", "full", groupPhoto().toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("file"), r.out());
        assertTrue(r.out().contains("1 image(s)"), r.out());
        CliRunner strict = CliRunner.run("faces", "--min-score", "1", groupPhoto().toString());
        assertTrue(strict.out().contains("\"no_face\""), "nothing scores above 1: " + strict.out());
        assertEquals(2, CliRunner.run("faces", "--min-score", "1.5", groupPhoto().toString()).exitCode());
        assertEquals(2, CliRunner.run("faces", "--detector", "tiny", groupPhoto().toString()).exitCode());
        assertTrue(CliRunner.run("faces", "--help").out().contains("no_face"));
    }
}
