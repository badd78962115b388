package dev.vitface.faces.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/**
 * The chip of a face does not depend on where the face was in the photo: the bundled face crop
 * is pasted into a bigger black canvas through a known similarity (rotation, scale, sub-pixel
 * translation), rendered with exact bilinear interpolation; its landmarks go through the same
 * similarity; the chip from the canvas must match the chip from the crop.
 *
 * <p>They cannot match bit for bit: the canvas was resampled once already, each resampling
 * truncates to 8 bits, and dlib's rectangle convention scales a chip by
 * {@code (size·s − 1) / ((size − 1)·s)} for a face at {@code s} photo pixels per chip pixel. To
 * keep the resampling loss small next to geometric errors, the crop is first smoothed (two
 * [1 2 1]/4 passes, a Gaussian of σ ≈ 1 pixel). The bound is {@value #MEAN_BOUND} on the mean
 * absolute difference per sample (0–255), with no sample more than {@value #MAX_BOUND} apart;
 * {@link #misplacedChipsBreakTheBound} shows that half a pixel of translation, 1° of rotation or
 * 1 % of scale does break it.
 */
class FaceChipsEquivarianceTest {
    static final double MEAN_BOUND = 1.5;
    static final int MAX_BOUND = 32;

    /** The face crop's landmarks (dlib's 68-point predictor on astronaut.png, see fixtures/align/README.md). */
    static final FaceLandmarks FACE = new FaceLandmarks(
            new Point(68.6666667, 97.0), new Point(112.3333333, 99.5), new Point(90.5, 122.5), new Point(88.5, 136.0),
            new Point(45.0, 110.0), new Point(136.0, 112.0));

    static RgbImage face;

    @BeforeAll
    static void load() throws IOException {
        face = smooth(ImageDecoder.defaults().decode(Fixtures.path("samples/astronaut_face.png")), 2);
    }

    @ParameterizedTest(name = "{0}° × {1}, offset ({2}, {3})")
    @CsvSource({
            "0, 1, 0.25, 0.75",
            "30, 1, 0.5, 0.125",
            "-90, 1, 0, 0",
            "180, 0.75, 0.3, 0.6",
            "15, 2, 0.9, 0.1",
            "-135, 1.5, 0.4, 0.2",
    })
    void sameChipWhereverTheFaceIs(double degrees, double scale, double fx, double fy) {
        Placed placed = paste(face, degrees, scale, fx, fy);
        RgbImage expected = FaceChips.extract(face, FACE);
        RgbImage actual = FaceChips.extract(placed.canvas(), moved(FACE, placed.move()));
        assertWithinBounds(Difference.of(expected, actual));
    }

    /**
     * Chips sampled from a pyramid level (the face 1.5 to 6 times its size in the crop, one to
     * three levels down) against the same face at the same scale, upright.
     *
     * <p>dlib places a chip on level k by {@code point_down(p) = p/2 − (1.25, 0.75)} per level,
     * while its filter centres level pixel u on {@code 2u + 2}: the chip's content comes from
     * {@code d = (−(2^k − 1)/2, +(2^k − 1)/2)} photo pixels away from where its rectangle says, in
     * the photo's axes, so a rotated face sees that shift turn with it. vitface keeps that
     * (FairFace's chips were cut so; DlibChipGoldenTest checks it bit for bit), and this test
     * takes it out: dlib's chip for landmarks L is the shift-free chip for L + d, so the rotated
     * face's landmarks are moved to {@code M(L + d) − d}.
     */
    @ParameterizedTest(name = "size {0}, {1}° × {2}")
    @CsvSource({
            "300, -20, 6",
            "300, 90, 6",
            "300, 180, 6",
            "300, -150, 6",
            "64, 180, 6",
            "64, 45, 3",
            "64, -150, 3",
            "64, 180, 1.5",
            "64, 90, 1.5",
    })
    void sameChipThroughThePyramid(int size, double degrees, double scale) {
        ChipSpec spec = new ChipSpec(size, 0.25);
        Placed upright = paste(face, 0, scale, 0.5, 0.5);
        Placed turned = paste(face, degrees, scale, 0.25, 0.75);
        FaceLandmarks uprightFace = moved(FACE, upright.move());
        int levels = ChipExtraction.pyramidDepth(FaceChips.place(uprightFace, spec));
        assertTrue(levels >= 1, "the case needs a pyramid");
        double half = ((1 << levels) - 1) / 2.0;
        Affine shift = Affine.translation(-half, half);
        Affine uprightToTurned = upright.move().inverse().then(turned.move());
        FaceLandmarks turnedFace = moved(uprightFace, shift.then(uprightToTurned).then(shift.inverse()));
        assertEquals(levels, ChipExtraction.pyramidDepth(FaceChips.place(turnedFace, spec)), "pyramid levels");

        RgbImage expected = FaceChips.extract(upright.canvas(), uprightFace, spec);
        RgbImage actual = FaceChips.extract(turned.canvas(), turnedFace, spec);
        assertWithinBounds(Difference.of(expected, actual));
    }

    /**
     * Between scales that sample from different pyramid levels the chip also differs by the
     * pyramid's Gaussian (the sharper chip was sampled from the full-size photo): a looser bound,
     * 3 per sample, and nothing more than 48 apart.
     */
    @Test
    void acrossPyramidLevelsTheChipOnlyBlurs() {
        Placed large = paste(face, -20, 6, 0.5, 0.5);
        Difference d = Difference.of(FaceChips.extract(face, FACE), FaceChips.extract(large.canvas(), moved(FACE, large.move())));
        assertTrue(d.mean() <= 3 && d.max() <= 48, d.toString());
    }

    /**
     * A mirrored photo, with its left and right landmarks swapped, gives the mirrored chip. dlib's
     * mean face is symmetric about x = 0.490127 of its frame, not 0.5, so the chip mirrors about
     * that axis (about 1.5 pixels left of the chip's middle at size 300), found from the nose tip
     * and checked on the other landmarks; the reflection leaves the 4 columns on the right
     * without a source, so 6 pixels at the border are not compared.
     */
    @Test
    void mirroredPhotoGivesTheMirroredChip() {
        int w = face.width();
        RgbImage mirrored = RgbImage.blank(w, face.height());
        for (int y = 0; y < face.height(); y++) {
            for (int x = 0; x < w; x++) {
                System.arraycopy(face.rgb(), (y * w + x) * 3, mirrored.rgb(), (y * w + (w - 1 - x)) * 3, 3);
            }
        }
        FaceLandmarks mirroredFace = new FaceLandmarks(flip(FACE.leftEye(), w), flip(FACE.rightEye(), w), flip(FACE.noseTip(), w),
                flip(FACE.mouth(), w), flip(FACE.leftEar(), w), flip(FACE.rightEar(), w));

        Affine toChip = FaceChips.place(FACE, ChipSpec.FAIRFACE).imageToChip();
        Affine toMirroredChip = FaceChips.place(mirroredFace, ChipSpec.FAIRFACE).imageToChip();
        double axis2 = toChip.apply(FACE.noseTip()).x() + toMirroredChip.apply(mirroredFace.noseTip()).x();
        for (Point p : new Point[] {FACE.rightEye(), FACE.leftEye(), FACE.mouth(), new Point(10, 20), new Point(150, 170)}) {
            Point original = toChip.apply(p), reflected = toMirroredChip.apply(flip(p, w));
            assertEquals(axis2 - original.x(), reflected.x(), 0.01, "x of the reflection of " + p);
            assertEquals(original.y(), reflected.y(), 0.01, "y of the reflection of " + p);
        }

        RgbImage chip = FaceChips.extract(face, FACE);
        RgbImage expected = RgbImage.blank(chip.width(), chip.height());
        for (int y = 0; y < chip.height(); y++) {
            for (int x = 0; x < chip.width(); x++) {
                // Pixel (x, y) has its centre at x + 0.5; its reflection, in pixel-centre coordinates:
                sampleInto(chip, axis2 - (x + 0.5) - 0.5, y, expected.rgb(), (y * chip.width() + x) * 3);
            }
        }
        RgbImage actual = FaceChips.extract(mirrored, mirroredFace);
        assertWithinBounds(Difference.of(expected, actual, 6));
    }

    @Test
    void misplacedChipsBreakTheBound() {
        RgbImage expected = FaceChips.extract(face, FACE);
        Point n = FACE.noseTip();
        Affine aboutNose = Affine.translation(-n.x(), -n.y());
        Affine back = Affine.translation(n.x(), n.y());
        Affine[] errors = {
                Affine.translation(0.5, 0),
                Affine.translation(0, 0.5),
                aboutNose.then(rotation(1, 1)).then(back),
                aboutNose.then(rotation(0, 1.01)).then(back),
        };
        for (Affine error : errors) {
            Difference d = Difference.of(expected, FaceChips.extract(face, moved(FACE, error)));
            assertTrue(d.mean() > MEAN_BOUND, "landmarks moved by " + error + " give " + d);
        }
    }

    private static void assertWithinBounds(Difference d) {
        assertTrue(d.mean() <= MEAN_BOUND && d.max() <= MAX_BOUND, d.toString());
    }

    private static Point flip(Point p, int width) {
        return new Point(width - p.x(), p.y());
    }

    static Affine rotation(double degrees, double scale) {
        double a = Math.toRadians(degrees), c = scale * Math.cos(a), s = scale * Math.sin(a);
        return new Affine(c, -s, s, c, 0, 0);
    }

    static FaceLandmarks moved(FaceLandmarks l, Affine m) {
        return new FaceLandmarks(m.apply(l.rightEye()), m.apply(l.leftEye()), m.apply(l.noseTip()), m.apply(l.mouth()),
                m.apply(l.rightEar()), m.apply(l.leftEar()));
    }

    /** A canvas with the image on it, and the similarity that put it there. */
    record Placed(RgbImage canvas, Affine move) {}

    /**
     * The image rotated by {@code degrees} and scaled by {@code scale} onto a black canvas just
     * big enough (16 pixels of margin plus the sub-pixel offset {@code (fx, fy)}), by exact
     * bilinear interpolation rounded to nearest.
     */
    static Placed paste(RgbImage image, double degrees, double scale, double fx, double fy) {
        Affine turn = rotation(degrees, scale);
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (double[] corner : new double[][] {{0, 0}, {image.width(), 0}, {0, image.height()}, {image.width(), image.height()}}) {
            double x = turn.applyX(corner[0], corner[1]), y = turn.applyY(corner[0], corner[1]);
            minX = Math.min(minX, x);
            minY = Math.min(minY, y);
            maxX = Math.max(maxX, x);
            maxY = Math.max(maxY, y);
        }
        Affine move = turn.then(Affine.translation(16 + fx - minX, 16 + fy - minY));
        int w = (int) Math.ceil(maxX - minX) + 33, h = (int) Math.ceil(maxY - minY) + 33;
        Affine back = move.inverse();
        RgbImage canvas = RgbImage.blank(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double sx = back.applyX(x + 0.5, y + 0.5) - 0.5, sy = back.applyY(x + 0.5, y + 0.5) - 0.5;
                sampleInto(image, sx, sy, canvas.rgb(), (y * w + x) * 3);
            }
        }
        return new Placed(canvas, move);
    }

    /** Bilinear at pixel-centre coordinates (sx, sy), rounded to nearest; black where a neighbour is missing. */
    static void sampleInto(RgbImage image, double sx, double sy, byte[] out, int at) {
        int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy);
        if (x0 < 0 || y0 < 0 || x0 + 1 >= image.width() || y0 + 1 >= image.height()) {
            return;
        }
        double fx = sx - x0, fy = sy - y0;
        for (int c = 0; c < 3; c++) {
            double v = (1 - fy) * ((1 - fx) * image.sample(x0, y0, c) + fx * image.sample(x0 + 1, y0, c))
                    + fy * ((1 - fx) * image.sample(x0, y0 + 1, c) + fx * image.sample(x0 + 1, y0 + 1, c));
            out[at + c] = (byte) Math.round(v);
        }
    }

    /** Repeated [1 2 1]/4 blurs in both directions (edges clamped), rounded to nearest. */
    static RgbImage smooth(RgbImage image, int passes) {
        int w = image.width(), h = image.height();
        RgbImage current = image;
        for (int p = 0; p < passes; p++) {
            RgbImage next = RgbImage.blank(w, h);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < 3; c++) {
                        int sum = 0;
                        for (int dy = -1; dy <= 1; dy++) {
                            for (int dx = -1; dx <= 1; dx++) {
                                int weight = (dx == 0 ? 2 : 1) * (dy == 0 ? 2 : 1);
                                sum += weight * current.sample(Math.clamp(x + dx, 0, w - 1), Math.clamp(y + dy, 0, h - 1), c);
                            }
                        }
                        next.rgb()[(y * w + x) * 3 + c] = (byte) ((sum + 8) / 16);
                    }
                }
            }
            current = next;
        }
        return current;
    }

    /** Mean and largest absolute difference per sample, leaving out {@code border} pixels on each side. */
    record Difference(double mean, int max) {
        static Difference of(RgbImage a, RgbImage b) {
            return of(a, b, 0);
        }

        static Difference of(RgbImage a, RgbImage b, int border) {
            assertEquals(a.width(), b.width(), "width");
            assertEquals(a.height(), b.height(), "height");
            long sum = 0, n = 0;
            int max = 0;
            for (int y = border; y < a.height() - border; y++) {
                for (int x = border; x < a.width() - border; x++) {
                    for (int c = 0; c < 3; c++) {
                        int d = Math.abs(a.sample(x, y, c) - b.sample(x, y, c));
                        sum += d;
                        n++;
                        max = Math.max(max, d);
                    }
                }
            }
            return new Difference((double) sum / n, max);
        }
    }
}
