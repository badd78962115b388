package dev.vitface.faces.blazeface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.faces.Point;
import dev.vitface.preprocess.RgbImage;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Anchors, decoding, clipped sigmoid, weighted NMS and the letterbox, on numbers worked by hand. */
class DecodingTest {
    private static final SsdAnchors ANCHORS = SsdAnchors.of(new int[] {16, 8}, new int[] {2, 6});

    @Test
    void anchorsAreTheTwoGridsInYxOrder() {
        assertEquals(896, ANCHORS.count());
        assertEquals(1 / 32f, ANCHORS.x(0));
        assertEquals(1 / 32f, ANCHORS.x(1), "two anchors share each 16×16 cell");
        assertEquals(3 / 32f, ANCHORS.x(2));
        assertEquals(3 / 32f, ANCHORS.y(32), "row 1 starts after 16 cells × 2 anchors");
        assertEquals(1 / 16f, ANCHORS.x(512), "the 8×8 grid follows the 512 anchors of the 16×16 one");
        assertEquals(1 / 16f, ANCHORS.x(517));
        assertEquals(3 / 16f, ANCHORS.x(518));
        assertEquals(15 / 16f, ANCHORS.y(895));
    }

    @Test
    void scoresAreClippedBeforeTheSigmoid() {
        assertEquals(0.5f, DetectionDecoder.score(0f));
        assertEquals(DetectionDecoder.score(100f), DetectionDecoder.score(8000f));
        assertEquals(DetectionDecoder.score(-100f), DetectionDecoder.score(-8000f));
        assertTrue(DetectionDecoder.score(-8000f) > 0f, "sigmoid(-100) is 3.7e-44, a float subnormal, not 0");
    }

    @Test
    void rowsDecodeRelativeToTheirAnchor() {
        float[] scores512 = new float[512], scores384 = new float[384];
        float[] regs512 = new float[512 * 16], regs384 = new float[384 * 16];
        Arrays.fill(scores512, -50f);
        Arrays.fill(scores384, -50f);
        scores384[5] = 2f; // anchor 512 + 5: cell (0, 0) of the 8×8 grid, centre (1/16, 1/16)
        float[] row = {12.8f, -6.4f, 64f, 32f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f};
        System.arraycopy(row, 0, regs384, 5 * 16, 16);
        DetectionDecoder decoder = new DetectionDecoder(ANCHORS, 128);
        List<Candidate> found = decoder.decode(new RawOutputs(new float[][] {scores512, scores384, regs512, regs384}), 0.5);
        assertEquals(1, found.size());
        Candidate c = found.getFirst();
        assertEquals(DetectionDecoder.score(2f), c.score());
        float cx = 1 / 16f + 0.1f, cy = 1 / 16f - 0.05f;
        assertEquals(cx - 0.25f, c.xmin(), 1e-6);
        assertEquals(cy - 0.125f, c.ymin(), 1e-6);
        assertEquals(cx + 0.25f, c.xmax(), 1e-6);
        assertEquals(cy + 0.125f, c.ymax(), 1e-6);
        assertEquals(1 / 16f + 1 / 128f, c.keypoints()[0], 1e-6);
        assertEquals(1 / 16f + 12 / 128f, c.keypoints()[11], 1e-6);
    }

    @Test
    void weightedNmsAveragesEachGroupByScoreAndKeepsTheTopScore() {
        Candidate a = box(0.9f, 0.0f, 0.0f, 0.4f, 0.4f, 0.1f);
        Candidate b = box(0.6f, 0.1f, 0.0f, 0.5f, 0.4f, 0.4f); // IoU with a: 0.3 × 0.4 / (0.16 + 0.16 − 0.12) = 0.6
        Candidate far = box(0.7f, 0.6f, 0.6f, 0.9f, 0.9f, 0.7f);
        Candidate touching = box(0.5f, 0.28f, 0.0f, 0.68f, 0.4f, 0.5f); // IoU with a: 0.12·0.4 / (0.16 + 0.16 − 0.048) < 0.3
        List<Candidate> out = WeightedNms.apply(List.of(b, far, a, touching), WeightedNms.FACE_IOU);
        assertEquals(3, out.size());
        Candidate merged = out.get(0);
        assertEquals(0.9f, merged.score());
        assertEquals((0.9f * 0.0f + 0.6f * 0.1f) / 1.5f, merged.xmin(), 1e-6);
        assertEquals((0.9f * 0.4f + 0.6f * 0.5f) / 1.5f, merged.xmax(), 1e-6);
        assertEquals((0.9f * 0.1f + 0.6f * 0.4f) / 1.5f, merged.keypoints()[0], 1e-6);
        assertEquals(0.7f, out.get(1).score(), "a group of one is itself");
        assertEquals(0.9f, out.get(1).xmax(), 1e-6);
        assertEquals(0.5f, out.get(2).score(), "a lower box the merged group does not swallow survives");
    }

    private static Candidate box(float score, float xmin, float ymin, float xmax, float ymax, float kp) {
        float[] k = new float[12];
        Arrays.fill(k, kp);
        return new Candidate(score, xmin, ymin, xmax, ymax, k);
    }

    @Test
    void letterboxCentresTheShortSideAndMapsBack() {
        Letterbox box = Letterbox.of(300, 100, 256); // canvas 300, photo rows start at canvas row 100
        Point topLeft = box.toImage(0f, 1 / 3f);
        assertEquals(0, topLeft.x(), 1e-9);
        assertEquals(0, topLeft.y(), 1e-4);
        Point bottomRight = box.toImage(1f, 2 / 3f);
        assertEquals(300, bottomRight.x(), 1e-9);
        assertEquals(100, bottomRight.y(), 1e-4);
        assertEquals(150, box.toPixels(0.5f), 1e-9);
    }

    @Test
    void letterboxResizeKeepsFlatColoursAndPadsBlack() {
        RgbImage grey = RgbImage.blank(400, 100);
        Arrays.fill(grey.rgb(), (byte) 200);
        float[] t = Letterbox.of(400, 100, 32).tensor(grey);
        // Canvas rows 150..250 of 400 hold the photo: output rows 12..20; rows 13..18 lie wholly inside.
        for (int c = 0; c < 3; c++) {
            assertEquals(-1f, t[c * 1024 + 2 * 32 + 5], "black border is -1");
            assertEquals(200 / 127.5f - 1f, t[c * 1024 + 15 * 32 + 7], 1e-6, "a reduced flat colour stays flat");
        }
        assertThrows(IllegalArgumentException.class, () -> Letterbox.window(0, 0, 0, 128));
    }

    @ParameterizedTest
    @CsvSource({"1500, 900, 2", "900, 2700, 5"})
    void boxReductionOfLargeCanvasesKeepsTheGeometry(int width, int height, int factor) {
        // Waves of a 96-pixel period, so that a block grid or extent off by one reduction block
        // (2 or 5 pixels) would move the samples by 15 to 40 levels; reduced then filtered, the input
        // must match the triangle filter over the full canvas to within a few levels.
        RgbImage waves = RgbImage.blank(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int at = (y * width + x) * 3;
                waves.rgb()[at] = (byte) Math.round(127.5 + 120 * Math.sin(2 * Math.PI * x / 96));
                waves.rgb()[at + 1] = (byte) Math.round(127.5 + 120 * Math.sin(2 * Math.PI * y / 96));
                waves.rgb()[at + 2] = (byte) Math.round(127.5 + 120 * Math.sin(2 * Math.PI * (x + y) / 96));
            }
        }
        int canvas = Math.max(width, height);
        assertEquals(factor, canvas / (Letterbox.REDUCING_GAP * 256), "the case reduces by " + factor);
        Letterbox box = Letterbox.of(width, height, 256);
        float[] reduced = box.tensor(waves);
        float[] direct = Letterbox.resample(waves, canvas, (canvas - width) / 2, (canvas - height) / 2, 256);
        double worst = 0;
        for (int i = 0; i < direct.length; i++) worst = Math.max(worst, Math.abs(reduced[i] - direct[i]) * 127.5);
        System.out.printf(Locale.ROOT, "%dx%d reduced by %d: worst difference %.2f levels%n", width, height, factor, worst);
        assertTrue(worst < 6, "reduced then filtered differs from filtered by " + worst + " levels");
        Point corner = box.toImage(0f, 0f);
        assertEquals(-(canvas - width) / 2, corner.x(), 1e-9);
        assertEquals(-(canvas - height) / 2, corner.y(), 1e-9);
    }

    @Test
    void aGraphWithoutItsPartsIsRefusedNamingTheFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BlazeFaceGraph.parse("weights.safetensors", 128, "{\"stem\":{}}"));
        assertTrue(e.getMessage().startsWith("weights.safetensors: "), e.getMessage());
    }
}
