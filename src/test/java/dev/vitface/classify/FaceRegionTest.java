package dev.vitface.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vitface.faces.DetectedFace;
import dev.vitface.faces.FaceBox;
import dev.vitface.faces.FaceLandmarks;
import dev.vitface.faces.Point;
import dev.vitface.preprocess.RgbImage;
import org.junit.jupiter.api.Test;

/** The face record serve and vitface-spark share: a whole-image crop has no score or landmarks, a detection its own. */
class FaceRegionTest {

    @Test
    void aWholeImageIsOneFaceWithoutDetection() {
        RgbImage image = RgbImage.blank(7, 5);
        FaceRegion region = FaceRegion.wholeImage(image);
        assertEquals(new FaceBox(0, 0, 7, 5), region.box());
        assertSame(image, region.chip());
        assertNull(region.detection());
        assertNull(region.score());
        assertNull(region.landmarks());
    }

    @Test
    void aDetectedFaceKeepsItsBoxScoreAndLandmarks() {
        FaceLandmarks landmarks = new FaceLandmarks(new Point(1, 2), new Point(3, 2), new Point(2, 3), new Point(2, 4),
                new Point(0, 2), new Point(4, 2));
        DetectedFace detected = new DetectedFace(new FaceBox(1, 1, 3, 4), 0.93, landmarks);
        RgbImage chip = RgbImage.blank(300, 300);
        FaceRegion region = FaceRegion.detected(new FaceChip(detected, chip));
        assertEquals(detected.box(), region.box());
        assertEquals(0.93, region.score());
        assertSame(landmarks, region.landmarks());
        assertSame(chip, region.chip());
    }

    @Test
    void boxAndChipAreRequired() {
        assertThrows(NullPointerException.class, () -> new FaceRegion(null, null, RgbImage.blank(1, 1)));
        assertThrows(NullPointerException.class, () -> new FaceRegion(new FaceBox(0, 0, 1, 1), null, null));
    }
}
