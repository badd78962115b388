package dev.vitface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vitface demo}'s detection part on the tiny model: the group photo's faces, the annotated PNG. */
class DemoFacesTest {

    @Test
    void theDemoWritesTheGroupPhotoWithBoxesAndSaysTheLabelsAreMeaningless(@TempDir Path dir) throws IOException {
        Path annotated = dir.resolve("faces.png");
        CliRunner r = CliRunner.run("demo", "--annotated", annotated.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("(PASS, tolerance 1e-05)"), "the golden check still runs first: " + r.out());
        assertTrue(r.out().contains("annotated photo: " + annotated.toAbsolutePath()), r.out());
        assertTrue(r.out().contains("meaningless"), r.out());
        assertEquals(FacesCommandTest.GROUP_FACES, r.out().lines().filter(l -> l.startsWith("group.png")).count(),
                "one table row per face: " + r.out());
        BufferedImage drawn = ImageIO.read(annotated.toFile());
        BufferedImage photo = ImageIO.read(FacesCommandTest.groupPhoto().toFile());
        assertEquals(photo.getWidth(), drawn.getWidth());
        assertEquals(photo.getHeight(), drawn.getHeight());
        int changed = 0;
        for (int y = 0; y < photo.getHeight(); y += 2) {
            for (int x = 0; x < photo.getWidth(); x += 2) {
                if ((photo.getRGB(x, y) & 0xffffff) != (drawn.getRGB(x, y) & 0xffffff)) changed++;
            }
        }
        assertNotEquals(0, changed, "boxes and labels are drawn");
        assertTrue(changed < photo.getWidth() * photo.getHeight() / 4 / 4, "the photo is still there: " + changed + " pixels changed");
    }
}
