package dev.vitface.faces.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.Fixtures;
import dev.vitface.faces.FaceLandmarks;
import dev.vitface.faces.Point;
import dev.vitface.preprocess.ImageDecoder;
import dev.vitface.preprocess.RgbImage;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaceChipsTest {
    static RgbImage photo;

    @BeforeAll
    static void load() throws IOException {
        photo = ImageDecoder.defaults().decode(Fixtures.path("tiny/astronaut.png"));
    }

    /** Landmarks exactly on the template, scaled by {@code pixelsPerUnit}, turned and moved. */
    static FaceLandmarks templateFace(double pixelsPerUnit, double degrees, double dx, double dy) {
        double a = Math.toRadians(degrees), c = pixelsPerUnit * Math.cos(a), s = pixelsPerUnit * Math.sin(a);
        Affine place = new Affine(c, -s, s, c, dx, dy);
        Point[] t = FaceChips.BLAZEFACE_TEMPLATE;
        return new FaceLandmarks(place.apply(t[0]), place.apply(t[1]), place.apply(t[2]), place.apply(t[3]), place.apply(t[0]), place.apply(t[1]));
    }

    /**
     * FairFace's chips (300, padding 0.25) put the eye centres at (0.317, 0.311) and
     * (0.670, 0.311): exactly {@code (0.25 + t) / 1.5} of the chip when the face has as many
     * pixels as the chip (200 per template unit), and within dlib's inclusive-size scaling
     * (under 0.3 chip pixels here) at other scales and angles.
     */
    @ParameterizedTest(name = "{0} px per template unit, {1}°")
    @CsvSource({"200, 0", "200, 25", "80, 0", "80, -40", "600, 170"})
    void eyesLandWhereFairFacesAre(double pixelsPerUnit, double degrees) {
        FaceLandmarks face = templateFace(pixelsPerUnit, degrees, 400.3, 250.7);
        Affine toChip = FaceChips.place(face, ChipSpec.FAIRFACE).imageToChip();
        double tolerance = pixelsPerUnit == 200 && degrees == 0 ? 1e-9 : 0.3 / 300;
        Point[] t = FaceChips.BLAZEFACE_TEMPLATE;
        Point[] landmarks = {face.rightEye(), face.leftEye(), face.noseTip(), face.mouth()};
        for (int i = 0; i < 4; i++) {
            Point inChip = toChip.apply(landmarks[i]);
            assertEquals((0.25 + t[i].x()) / 1.5, inChip.x() / 300, tolerance, "x of template point " + i);
            assertEquals((0.25 + t[i].y()) / 1.5, inChip.y() / 300, tolerance, "y of template point " + i);
        }
        Point right = toChip.apply(face.rightEye()), left = toChip.apply(face.leftEye());
        assertEquals(0.317, right.x() / 300, 0.002);
        assertEquals(0.311, right.y() / 300, 0.002);
        assertEquals(0.670, left.x() / 300, 0.002);
        assertEquals(0.311, left.y() / 300, 0.002);
    }

    @Test
    void chipToImageIsASimilarityAndImageToChipItsInverse() {
        ChipPlacement placement = FaceChips.place(templateFace(150, 33, 200, 300), ChipSpec.FAIRFACE);
        Affine m = placement.chipToImage();
        assertEquals(m.m00(), m.m11(), 1e-12);
        assertEquals(-m.m01(), m.m10(), 1e-12);
        assertTrue(m.determinant() > 0);
        Affine roundTrip = m.then(placement.imageToChip());
        assertArrayEquals(new double[] {1, 0, 0, 1, 0, 0},
                new double[] {roundTrip.m00(), roundTrip.m01(), roundTrip.m10(), roundTrip.m11(), roundTrip.tx(), roundTrip.ty()}, 1e-9);
    }

    /** Each chip pixel is the photo sampled bilinearly where chipToImage puts the pixel's centre. */
    @Test
    void chipPixelsComeFromWhereChipToImageSays() {
        FaceLandmarks face = FaceChipsEquivarianceTest.moved(FaceChipsEquivarianceTest.FACE, Affine.translation(135, 5));
        ChipPlacement placement = FaceChips.place(face, ChipSpec.FAIRFACE);
        RgbImage chip = FaceChips.extract(photo, placement);
        RgbImage resampled = RgbImage.blank(300, 300);
        Affine m = placement.chipToImage();
        int differing = 0;
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 300; x++) {
                int at = (y * 300 + x) * 3;
                truncatingBilinear(photo, m.applyX(x + 0.5, y + 0.5) - 0.5, m.applyY(x + 0.5, y + 0.5) - 0.5, resampled.rgb(), at);
                for (int c = 0; c < 3; c++) {
                    int d = Math.abs((chip.rgb()[at + c] & 0xFF) - (resampled.rgb()[at + c] & 0xFF));
                    assertTrue(d <= 1, "pixel " + x + ", " + y);
                    if (d != 0) differing++;
                }
            }
        }
        // Only where the double lands within rounding of an integer may the truncation differ.
        assertTrue(differing < 300 * 300 * 3 / 1000, differing + " samples differ");
    }

    private static void truncatingBilinear(RgbImage image, double sx, double sy, byte[] out, int at) {
        int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy);
        if (x0 < 0 || y0 < 0 || x0 + 1 >= image.width() || y0 + 1 >= image.height()) {
            return;
        }
        double fx = sx - x0, fy = sy - y0;
        for (int c = 0; c < 3; c++) {
            out[at + c] = (byte) (int) ((1 - fy) * ((1 - fx) * image.sample(x0, y0, c) + fx * image.sample(x0 + 1, y0, c))
                    + fy * ((1 - fx) * image.sample(x0, y0 + 1, c) + fx * image.sample(x0 + 1, y0 + 1, c)));
        }
    }

    /**
     * dlib copies instead of resampling when the rectangle is axis-aligned and exactly chip-sized:
     * the pixels under the rectangle rounded half away from zero (here it spans 10.5–17.5, so the
     * copy starts at pixel 11; bilinear sampling would have blended 10 and 11).
     */
    @Test
    void anAxisAlignedUnitScaleChipIsACopy() {
        Point[] template = {new Point(0.25, 0.5), new Point(0.75, 0.5)};
        Point[] image = {new Point(12.5, 24.5), new Point(16.5, 24.5)};
        ChipPlacement placement = ChipPlacement.fit(template, image, new ChipSpec(8, 0));
        assertEquals(0, placement.angle());
        assertEquals(new DRect(10.5, 20.5, 17.5, 27.5), placement.rect());
        RgbImage chip = FaceChips.extract(photo, placement);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(photo.sample(11 + x, 21 + y, c), chip.sample(x, y, c), "pixel " + x + ", " + y);
                }
            }
        }
    }

    @Test
    void theDefaultIsFairFaces() {
        FaceLandmarks face = templateFace(90, 5, 250, 150);
        RgbImage chip = FaceChips.extract(photo, face);
        assertEquals(300, chip.width());
        assertEquals(300, chip.height());
        assertEquals(chip, FaceChips.extract(photo, face, new ChipSpec(300, 0.25)));
    }

    @Test
    void refusesBadLandmarks() {
        Point p = new Point(10, 10);
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> FaceChips.place(new FaceLandmarks(new Point(Double.NaN, 3), p, p, p, p, p), ChipSpec.FAIRFACE));
        assertTrue(nan.getMessage().contains("right eye"), nan.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> FaceChips.place(new FaceLandmarks(p, p, null, p, p, p), ChipSpec.FAIRFACE));
        assertTrue(missing.getMessage().contains("nose tip landmark is missing"), missing.getMessage());
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class,
                () -> FaceChips.place(new FaceLandmarks(p, p, p, p, p, p), ChipSpec.FAIRFACE));
        assertTrue(same.getMessage().contains("degenerate"), same.getMessage());
        assertThrows(NullPointerException.class, () -> FaceChips.extract(null, templateFace(90, 0, 250, 150)));
    }

    @Test
    void refusesBadChipSpecs() {
        assertThrows(IllegalArgumentException.class, () -> new ChipSpec(1, 0.25));
        assertThrows(IllegalArgumentException.class, () -> new ChipSpec(ChipSpec.MAX_SIZE + 1, 0.25));
        assertThrows(IllegalArgumentException.class, () -> new ChipSpec(300, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new ChipSpec(300, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new ChipSpec(300, Double.POSITIVE_INFINITY));
    }

    /** Faces far outside the photo, or vast, still give a chip (black where the photo is not). */
    @Test
    void extremePlacementsStillGiveAChip() {
        RgbImage far = FaceChips.extract(photo, templateFace(90, 0, 1e6, -1e6));
        for (byte b : far.rgb()) assertEquals(0, b);
        RgbImage vast = FaceChips.extract(photo, templateFace(1e5, 10, 0, 0), new ChipSpec(32, 0.25));
        assertEquals(32, vast.width());
    }
}
