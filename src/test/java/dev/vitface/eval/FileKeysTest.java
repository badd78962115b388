package dev.vitface.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FileKeysTest {
    private static final Path CWD = Path.of("").toAbsolutePath();

    @Test
    void labelPathsAreNormalizedRelativeToTheRoot() {
        FileKeys keys = new FileKeys(Path.of("/data/fairface"));
        assertEquals(Optional.of("val/1.jpg"), keys.labelKey("val/1.jpg"));
        assertEquals(Optional.of("val/1.jpg"), keys.labelKey("./val//x/../1.jpg"));
    }

    @Test
    void predictionPathsMatchWhetherAbsoluteRelativeToTheRootOrToTheCurrentFolder() {
        FileKeys keys = new FileKeys(CWD.resolve("fairface"));
        String label = keys.labelKey("val/1.jpg").orElseThrow();
        assertEquals(label, keys.predictionKey(CWD.resolve("fairface/val/1.jpg").toString()).orElseThrow(), "absolute");
        assertEquals(label, keys.predictionKey("fairface/val/1.jpg").orElseThrow(), "relative to the current folder");
        assertEquals(label, keys.predictionKey("val/1.jpg").orElseThrow(), "classify run inside the root");
        assertEquals(label, keys.predictionKey("./fairface/val/../val/1.jpg").orElseThrow(), "not normalised");
    }

    @Test
    void aRelativeRootWorksLikeItsAbsoluteForm() {
        FileKeys keys = new FileKeys(Path.of("fairface"));
        assertEquals(keys.labelKey("val/1.jpg"), keys.predictionKey(CWD.resolve("fairface/val/1.jpg").toString()));
    }

    @Test
    void differentFilesAndDifferentCaseDoNotMatch() {
        FileKeys keys = new FileKeys(Path.of("/data/fairface"));
        assertNotEquals(keys.labelKey("val/1.jpg"), keys.predictionKey("val/11.jpg"));
        assertNotEquals(keys.labelKey("val/1.jpg"), keys.predictionKey("VAL/1.jpg"));
        assertNotEquals(keys.labelKey("val/1.jpg"), keys.predictionKey("/elsewhere/val/1.jpg"));
    }

    @Test
    void pathsOutsideTheRootKeepTheirAbsoluteForm() {
        FileKeys keys = new FileKeys(Path.of("/data/fairface"));
        assertEquals(Optional.of("/data/other/1.jpg"), keys.labelKey("../other/1.jpg"));
        assertEquals(keys.labelKey("../other/1.jpg"), keys.predictionKey("/data/other/1.jpg"));
    }

    @Test
    void blankAndInvalidNamesHaveNoKey() {
        FileKeys keys = new FileKeys(Path.of("/data"));
        assertTrue(keys.labelKey("").isEmpty());
        assertTrue(keys.labelKey("  ").isEmpty());
        assertTrue(keys.predictionKey("a\0b.jpg").isEmpty());
    }
}
