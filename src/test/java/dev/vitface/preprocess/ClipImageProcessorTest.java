package dev.vitface.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The steps around the resize, on tiny images whose expected values are worked out by hand. */
class ClipImageProcessorTest {
    private static final double[] MEAN = {0.48145466, 0.4578275, 0.40821073};
    private static final double[] STD = {0.26862954, 0.26130258, 0.27577711};

    @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
    @CsvSource({
        "512,512,224,224", "451,300,336,224", "300,451,224,336",
        "640,427,335,224", // 224 * 640 / 427 = 335.74..., truncated
        "5,60,224,2688", "150,13,2584,224", "225,300,224,298", "224,300,224,300", "1,1,224,224"})
    void resizesShortestEdgeWithTruncation(int w, int h, int expectedW, int expectedH) {
        ClipImageProcessor clip = new ClipImageProcessor(PreprocessorSettings.clipDefaults(224));
        RgbImage resized = clip.resize(RgbImage.blank(w, h));
        assertEquals(expectedW, resized.width());
        assertEquals(expectedH, resized.height());
    }

    @Test
    void centerCropFloorsAndPadsWithZeros() {
        // A 3 x 2 image cropped to 4 x 4 without resizing: top = (2 - 4) // 2 = -1, left = (3 - 4) // 2 = -1,
        // so output (x, y) shows source (x - 1, y - 1); row 0, row 3 and column 0 are padding.
        RgbImage image = new RgbImage(3, 2, new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9,
            10, 11, 12, 13, 14, 15, 16, 17, 18});
        PreprocessorSettings rawCrop = new PreprocessorSettings(false, 0, true, 4, 4, false, 0, false, MEAN, STD);
        float[] out = new ClipImageProcessor(rawCrop).pixelValues(image);
        float[] red = Arrays.copyOfRange(out, 0, 16);
        assertArrayEquals(new float[] {
            0, 0, 0, 0,
            0, 1, 4, 7,
            0, 10, 13, 16,
            0, 0, 0, 0}, red);
        assertEquals(2, out[16 + 5], "green at (1, 1)");
        assertEquals(18, out[32 + 11], "blue at (3, 2)");
    }

    @Test
    void centerCropOfALargerImageFloors() {
        // 5 x 1 -> 2 x 1: left = (5 - 2) // 2 = 1.
        byte[] rgb = new byte[15];
        for (int x = 0; x < 5; x++) rgb[x * 3] = (byte) (10 * x);
        PreprocessorSettings crop = new PreprocessorSettings(false, 0, true, 1, 2, false, 0, false, MEAN, STD);
        float[] out = new ClipImageProcessor(crop).pixelValues(new RgbImage(5, 1, rgb));
        assertArrayEquals(new float[] {10, 20}, Arrays.copyOfRange(out, 0, 2));
    }

    @Test
    void rescaleIsDoubleThenFloatAndNormalizeIsFloat() {
        RgbImage pixel = new RgbImage(1, 1, new byte[] {(byte) 200, 0, (byte) 255});
        PreprocessorSettings all = PreprocessorSettings.clipDefaults(1);
        float[] out = new ClipImageProcessor(all).pixelValues(pixel);
        float red = (float) (200 * (1.0 / 255));
        assertEquals((red - (float) MEAN[0]) / (float) STD[0], out[0]);
        assertEquals((0f - (float) MEAN[1]) / (float) STD[1], out[1]);
        assertEquals(((float) (255 * (1.0 / 255)) - (float) MEAN[2]) / (float) STD[2], out[2]);

        PreprocessorSettings rescaleOnly = new PreprocessorSettings(true, 1, true, 1, 1, true, 1.0 / 255, false, MEAN, STD);
        assertArrayEquals(new float[] {red, 0f, 1f}, new ClipImageProcessor(rescaleOnly).pixelValues(pixel));
    }

    @Test
    void noResizeLeavesTheImageAlone() {
        RgbImage image = RgbImage.blank(7, 3);
        PreprocessorSettings none = new PreprocessorSettings(false, 0, false, 0, 0, true, 1.0 / 255, true, MEAN, STD);
        ClipImageProcessor clip = new ClipImageProcessor(none);
        assertSame(image, clip.resize(image));
        assertArrayEquals(new long[] {3, 3, 7}, clip.pixelValuesShape(image));
        assertEquals(3 * 3 * 7, clip.pixelValues(image).length);
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class,
                () -> new PreprocessorSettings(true, 0, true, 224, 224, true, 1.0 / 255, true, MEAN, STD));
        assertThrows(IllegalArgumentException.class,
                () -> new PreprocessorSettings(true, 224, true, 224, 224, true, 1.0 / 255, true, new double[] {0.5, 0.5}, STD));
        assertThrows(IllegalArgumentException.class,
                () -> new PreprocessorSettings(true, 224, true, 224, 224, true, 1.0 / 255, true, MEAN, new double[] {1, 0, 1}));
    }
}
