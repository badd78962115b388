package dev.vitface.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bit-identical to Pillow 9.4's BICUBIC resize (fixtures/resize, made by tools/make_resize_fixtures.py). */
class PillowBicubicTest {
    private static final ImageDecoder DECODER = ImageDecoder.defaults();

    @ParameterizedTest(name = "97x61 -> {0}x{1}")
    @CsvSource({"1,1", "2,3", "13,7", "48,30", "97,30", "40,61", "97,61", "200,150", "500,9", "3,400", "224,141"})
    void matchesPillow(int width, int height) throws IOException {
        RgbImage source = DECODER.decode(Fixtures.path("resize/source.png"));
        RgbImage expected = DECODER.decode(Fixtures.path("resize/source.png." + width + "x" + height + ".png"));
        RgbImage actual = PillowBicubic.resize(source, width, height);
        assertEquals(width, actual.width());
        assertEquals(height, actual.height());
        assertArrayEquals(expected.rgb(), actual.rgb());
    }

    @Test
    void unchangedSizeIsACopy() throws IOException {
        RgbImage source = DECODER.decode(Fixtures.path("resize/source.png"));
        RgbImage same = PillowBicubic.resize(source, source.width(), source.height());
        assertNotSame(source.rgb(), same.rgb());
        assertArrayEquals(source.rgb(), same.rgb());
    }
}
