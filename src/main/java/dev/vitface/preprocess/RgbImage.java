package dev.vitface.preprocess;

import java.util.Arrays;
import java.util.Objects;

/**
 * An 8-bit RGB image, interleaved row-major: the sample of channel {@code c} at {@code (x, y)} is
 * {@code rgb[(y * width + x) * 3 + c]}, read unsigned. This is Pillow's mode "RGB" and the
 * {@code uint8 [h, w, 3]} array transformers works on.
 */
public record RgbImage(int width, int height, byte[] rgb) {

    public RgbImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        Objects.requireNonNull(rgb, "rgb");
        if (rgb.length != sampleCount(width, height)) {
            throw new IllegalArgumentException(
                    "a " + width + "x" + height + " RGB image has " + 3L * width * height + " samples, got " + rgb.length);
        }
    }

    /** An all-black image, to be filled in place. */
    public static RgbImage blank(int width, int height) {
        return new RgbImage(width, height, new byte[sampleCount(width, height)]);
    }

    /** The sample of channel {@code c} (0 red, 1 green, 2 blue) at {@code (x, y)}, 0..255. */
    public int sample(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xFF;
    }

    /** Equal when the size and every sample are (a record compares arrays by identity). */
    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage other && width == other.width && height == other.height && Arrays.equals(rgb, other.rgb);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(rgb);
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }

    private static int sampleCount(int width, int height) {
        long n = 3L * width * height;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a " + width + "x" + height + " RGB image does not fit in one Java array");
        }
        return (int) n;
    }
}
