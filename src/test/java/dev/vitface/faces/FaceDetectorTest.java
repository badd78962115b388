package dev.vitface.faces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.Fixtures;
import dev.vitface.preprocess.ImageDecoder;
import dev.vitface.preprocess.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The detector's reach on composites with known eyes, its silence on photos without a person, and its contract. */
class FaceDetectorTest {
    private static final double[] FACE_SHARES = {0.08, 0.12, 0.2, 0.35, 0.6};
    private static final int[] DEGREES = {-30, -15, 0, 15, 30};
    private static final int[][] CANVASES = {{1200, 800}, {800, 1200}, {1000, 1000}, {640, 480}};
    /** Eye landmarks within this share of the eye distance (measured: 0.10 at worst). */
    private static final double EYE_TOLERANCE = 0.25;

    private static RgbImage photo(String fixture) throws Exception {
        return ImageDecoder.defaults().decode(Fixtures.path(fixture));
    }

    @Test
    void findsEveryFaceFrom8To60PercentRotatedAndMirrored() throws Exception {
        RgbImage portrait = photo("samples/astronaut_face.png");
        FaceDetector detector = FaceDetector.standard();
        Random random = new Random(14);
        List<String> failures = new ArrayList<>();
        double worstEye = 0, lowestScore = 1;
        int n = 0;
        for (double share : FACE_SHARES) {
            for (int degrees : DEGREES) {
                for (boolean mirrored : new boolean[] {false, true}) {
                    int[] canvas = CANVASES[n % CANVASES.length];
                    FaceComposite.Background background = FaceComposite.Background.values()[n % 3];
                    n++;
                    // Keep the portrait's rotated square inside the canvas where it fits, else centre it.
                    double margin = 0.75 * 190 * share * Math.max(canvas[0], canvas[1]) / FaceComposite.PORTRAIT_FACE_WIDTH;
                    double cx = position(random, margin / canvas[0]), cy = position(random, margin / canvas[1]);
                    FaceComposite c = FaceComposite.of(portrait, canvas[0], canvas[1], background, share, degrees, mirrored, cx, cy);
                    List<DetectedFace> faces = detector.detect(c.image());
                    String what = String.format(Locale.ROOT, "face %.0f%% %+d° %s on %dx%d %s", 100 * share, degrees,
                            mirrored ? "mirrored" : "upright", canvas[0], canvas[1], background);
                    if (faces.size() != 1) {
                        failures.add(what + ": " + faces.size() + " faces");
                        continue;
                    }
                    DetectedFace f = faces.getFirst();
                    double eye = Math.max(distance(f.landmarks().rightEye(), c.rightEye()),
                            distance(f.landmarks().leftEye(), c.leftEye())) / c.eyeDistance();
                    worstEye = Math.max(worstEye, eye);
                    lowestScore = Math.min(lowestScore, f.score());
                    if (eye > EYE_TOLERANCE) failures.add(what + String.format(Locale.ROOT, ": eyes off by %.2f", eye));
                }
            }
        }
        System.out.printf(Locale.ROOT, "reach: %d composites, %d failures, worst eye error %.3f of the eye distance, lowest score %.3f%n",
                n, failures.size(), worstEye, lowestScore);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static double position(Random random, double margin) {
        return margin >= 0.5 ? 0.5 : margin + random.nextDouble() * (1 - 2 * margin);
    }

    private static double distance(Point a, Point b) {
        return Math.hypot(a.x() - b.x(), a.y() - b.y());
    }

    @ParameterizedTest
    @EnumSource(FaceDetector.Variant.class)
    void reportsNoFaceInACoffeeCupOrACat(FaceDetector.Variant variant) throws Exception {
        FaceDetector detector = FaceDetector.load(variant);
        for (String fixture : new String[] {"preprocess/coffee.png", "preprocess/chelsea.png"}) {
            RgbImage image = photo(fixture);
            List<DetectedFace> all = detector.detect(image, 0.0);
            System.out.printf(Locale.ROOT, "%s %s: top score %.3f (threshold %.2f)%n", variant, fixture,
                    all.isEmpty() ? 0.0 : all.getFirst().score(), variant.defaultMinScore());
            assertEquals(List.of(), detector.detect(image), variant + " on " + fixture);
        }
    }

    @Test
    void aPortraitGivesOneFaceWithItsLandmarksInImagePixels() throws Exception {
        RgbImage image = photo("tiny/astronaut.png");
        List<DetectedFace> faces = FaceDetector.standard().detect(image);
        assertEquals(1, faces.size());
        DetectedFace f = faces.getFirst();
        FaceLandmarks l = f.landmarks();
        assertTrue(l.rightEye().x() < l.noseTip().x() && l.noseTip().x() < l.leftEye().x(), "subject's right eye on the image's left");
        assertTrue(l.rightEye().y() < l.mouth().y() && l.noseTip().y() < l.mouth().y(), "mouth below eyes and nose");
        FaceBox b = f.box();
        assertTrue(b.x() < l.rightEye().x() && l.leftEye().x() < b.x() + b.width(), "eyes inside the box");
    }

    @Test
    void facesAreSortedAndAllClearTheThreshold() throws Exception {
        FaceDetector detector = FaceDetector.fullRange();
        List<DetectedFace> faces = detector.detect(photo("tiny/astronaut.png"), 0.05);
        assertTrue(faces.size() > 1, "a low threshold lets weak candidates through");
        for (int i = 0; i < faces.size(); i++) {
            assertTrue(faces.get(i).score() >= 0.05);
            if (i > 0) assertTrue(faces.get(i - 1).score() >= faces.get(i).score(), "best first");
        }
    }

    @Test
    void concurrentCallsGiveTheSameFaces() throws Exception {
        List<RgbImage> images = List.of(photo("tiny/astronaut.png"), photo("samples/astronaut_face.png"),
                photo("preprocess/coffee.png"), photo("preprocess/chelsea.png"));
        FaceDetector detector = FaceDetector.standard();
        List<List<DetectedFace>> expected = new ArrayList<>();
        for (RgbImage image : images) expected.add(detector.detect(image, 0.3));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<DetectedFace>>> futures = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (RgbImage image : images) futures.add(pool.submit(() -> detector.detect(image, 0.3)));
            }
            for (int i = 0; i < futures.size(); i++) assertEquals(expected.get(i % images.size()), futures.get(i).get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aThresholdOutside0To1IsRefused() throws Exception {
        RgbImage image = RgbImage.blank(8, 8);
        FaceDetector detector = FaceDetector.shortRange();
        for (double bad : new double[] {-0.1, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> detector.detect(image, bad));
            assertTrue(e.getMessage().contains("minScore"), e.getMessage());
        }
        assertEquals(List.of(), detector.detect(image), "a tiny black image has no face and no error");
    }
}
