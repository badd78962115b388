package dev.vitface.forward;

import dev.vitface.model.VisionConfig;
import java.util.Objects;

/**
 * The checks every {@link ForwardPass} makes on its input before any work, written once so that
 * every implementation refuses bad input with the same exception and message.
 */
public final class ForwardInput {
    private ForwardInput() {}

    /** A pass for {@code maxBatch} images must be asked for one at least (checked when it is built). */
    public static void checkMaxBatch(int maxBatch) {
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
    }

    /** {@code pixelValues} must hold exactly {@code [batch, channels, image, image]} floats, {@code batch} in {@code 1..maxBatch}. */
    public static void check(VisionConfig c, int maxBatch, float[] pixelValues, int batch) {
        Objects.requireNonNull(pixelValues, "pixelValues");
        if (batch < 1 || batch > maxBatch) throw new IllegalArgumentException("batch " + batch + " outside 1.." + maxBatch);
        long expected = (long) batch * c.numChannels() * c.imageSize() * c.imageSize();
        if (pixelValues.length != expected) {
            throw new IllegalArgumentException("pixel values hold " + pixelValues.length + " floats; a batch of " + batch
                    + " needs " + expected + " ([" + batch + ", " + c.numChannels() + ", " + c.imageSize() + ", "
                    + c.imageSize() + "])");
        }
    }
}
