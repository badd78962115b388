package dev.vitface.faces.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.Fixtures;
import dev.vitface.faces.FaceLandmarks;
import dev.vitface.faces.Point;
import dev.vitface.preprocess.ImageDecoder;
import dev.vitface.preprocess.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Chips made by dlib 19.24 itself (fixtures/align, written by tools/make_align_fixtures.py) on
 * astronaut.png: upscaled, downscaled through one to three pyramid levels, rotated, mirrored,
 * off the photo's edges, and through dlib's own 5-point {@code get_face_chip_details}.
 */
class DlibChipGoldenTest {
    private static final ImageDecoder DECODER = ImageDecoder.defaults();

    /** dlib's 5-point template (interpolation.h, get_face_chip_details), for the "face5" cases. */
    private static final Point[] DLIB_5_POINT_TEMPLATE = {
            new Point(0.8595674595992, 0.2134981538014), new Point(0.6460604764104, 0.2289674387677),
            new Point(0.1205750620789, 0.2137274526848), new Point(0.3340850613712, 0.2290642403242),
            new Point(0.4901123135679, 0.6277975316475),
    };

    record Case(String kind, String name, ChipSpec spec, Point[] points, double[] dlibRect, double dlibAngle) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() throws IOException {
        List<String> lines = Files.readAllLines(Fixtures.path("align/cases.tsv"));
        return lines.stream().skip(1).map(line -> {
            String[] f = line.split("\t");
            double[] xy = Arrays.stream(f[4].split(" ")).mapToDouble(Double::parseDouble).toArray();
            Point[] points = new Point[xy.length / 2];
            for (int i = 0; i < points.length; i++) {
                // dlib puts pixel centres on integers, Point on half-integers.
                points[i] = new Point(xy[2 * i] + 0.5, xy[2 * i + 1] + 0.5);
            }
            double[] d = Arrays.stream(f[5].split(" ")).mapToDouble(Double::parseDouble).toArray();
            return new Case(f[0], f[1], new ChipSpec(Integer.parseInt(f[2]), Double.parseDouble(f[3])), points,
                    Arrays.copyOf(d, 4), d[4]);
        });
    }

    private static ChipPlacement place(Case c) {
        if (c.kind().equals("face5")) {
            return ChipPlacement.fit(DLIB_5_POINT_TEMPLATE, c.points(), c.spec());
        }
        Point[] p = c.points();
        return FaceChips.place(new FaceLandmarks(p[0], p[1], p[2], p[3], p[0], p[1]), c.spec());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void chipDetailsMatchDlib(Case c) {
        ChipPlacement placement = place(c);
        DRect r = placement.rect();
        assertArrayEquals(c.dlibRect(), new double[] {r.left(), r.top(), r.right(), r.bottom()}, 1e-9, "rect");
        assertEquals(c.dlibAngle(), placement.angle(), 1e-12, "angle");
    }

    /**
     * The same bytes as dlib's: every sample of all 16 chips was identical when these fixtures
     * were made (Temurin 25, x86-64). The bound leaves room for a sample whose double lands within
     * an ulp of an integer, where another JVM's sin/cos/atan2 could tip the truncation to 8 bits:
     * at most one level apart, on at most 0.1 % of the samples.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void chipsMatchDlib(Case c) throws IOException {
        RgbImage photo = DECODER.decode(Fixtures.path("tiny/astronaut.png"));
        RgbImage expected = DECODER.decode(Fixtures.path("align/" + c.name() + ".png"));
        RgbImage chip = FaceChips.extract(photo, place(c));
        assertEquals(expected.width(), chip.width(), "width");
        assertEquals(expected.height(), chip.height(), "height");
        int differing = 0, maxDiff = 0;
        for (int i = 0; i < chip.rgb().length; i++) {
            int d = Math.abs((chip.rgb()[i] & 0xFF) - (expected.rgb()[i] & 0xFF));
            if (d != 0) differing++;
            maxDiff = Math.max(maxDiff, d);
        }
        assertTrue(maxDiff <= 1, "max difference " + maxDiff);
        assertTrue(differing <= chip.rgb().length / 1000, differing + " of " + chip.rgb().length + " samples differ");
    }

    @Test
    void pyramidDownMatchesDlib() throws IOException {
        RgbImage photo = DECODER.decode(Fixtures.path("tiny/astronaut.png"));
        RgbImage expected = DECODER.decode(Fixtures.path("align/pyramid_down.png"));
        RgbView down = PyramidDown2.down(RgbView.whole(photo.rgb(), photo.width(), photo.height()));
        assertEquals(expected.width(), down.width());
        assertEquals(expected.height(), down.height());
        assertArrayEquals(expected.rgb(), down.rgb());
    }
}
