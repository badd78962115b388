package dev.vitface.preprocess;

/**
 * transformers' {@code CLIPImageProcessor} on the PIL path (transformers 4.x,
 * models/clip/image_processing_clip.py with image_transforms.py), step by step:
 * <ol>
 *   <li>{@link #resize}: Pillow bicubic so that the shorter side is the shortest edge, the longer
 *       one {@code int(S * long / short)} (get_resize_output_image_size: Python's int() truncates);</li>
 *   <li>center_crop at {@code top = (h - ch) // 2}, {@code left = (w - cw) // 2} (floor division),
 *       zero-padded where the crop reaches outside the image;</li>
 *   <li>rescale: {@code (float) (v * factor)}, the product in double then cast, as
 *       {@code image.astype(np.float64) * scale} followed by {@code astype(np.float32)};</li>
 *   <li>normalize in float32: {@code (x - mean_c) / std_c} with mean and std cast to float32;</li>
 *   <li>channels first: {@code [3, h, w]}, RGB.</li>
 * </ol>
 */
public final class ClipImageProcessor {
    private final PreprocessorSettings settings;
    /** Steps 3 and 4 for every sample value: {@code lut[c * 256 + v]}. */
    private final float[] lut = new float[3 * 256];

    public ClipImageProcessor(PreprocessorSettings settings) {
        this.settings = settings;
        double[] mean = settings.imageMean();
        double[] std = settings.imageStd();
        for (int c = 0; c < 3; c++) {
            float m = (float) mean[c];
            float s = (float) std[c];
            for (int v = 0; v < 256; v++) {
                float x = settings.doRescale() ? (float) (v * settings.rescaleFactor()) : v;
                lut[c * 256 + v] = settings.doNormalize() ? (x - m) / s : x;
            }
        }
    }

    public PreprocessorSettings settings() {
        return settings;
    }

    /** Step 1: the image resized to the shortest edge (a copy when the size does not change), before the crop. */
    public RgbImage resize(RgbImage image) {
        if (!settings.doResize()) return image;
        int s = settings.shortestEdge();
        int w = image.width();
        int h = image.height();
        int shortSide = Math.min(w, h);
        int longSide = Math.max(w, h);
        int newLong = (int) ((double) ((long) s * longSide) / shortSide);
        return w <= h ? PillowBicubic.resize(image, s, newLong) : PillowBicubic.resize(image, newLong, s);
    }

    /** The model input for a decoded image: all the steps, {@code float[3 * h * w]} channels first. */
    public float[] pixelValues(RgbImage image) {
        return pixelValuesOfResized(resize(image));
    }

    /** Steps 2 to 5 on an image {@link #resize} already returned. */
    public float[] pixelValuesOfResized(RgbImage resized) {
        int outH = settings.doCenterCrop() ? settings.cropHeight() : resized.height();
        int outW = settings.doCenterCrop() ? settings.cropWidth() : resized.width();
        int top = Math.floorDiv(resized.height() - outH, 2);
        int left = Math.floorDiv(resized.width() - outW, 2);
        int plane = outH * outW;
        float[] out = new float[3 * plane];
        byte[] rgb = resized.rgb();
        for (int y = 0; y < outH; y++) {
            int sy = y + top;
            for (int x = 0; x < outW; x++) {
                int sx = x + left;
                boolean inside = sy >= 0 && sy < resized.height() && sx >= 0 && sx < resized.width();
                int s = inside ? (sy * resized.width() + sx) * 3 : -1;
                int o = y * outW + x;
                for (int c = 0; c < 3; c++) {
                    int v = inside ? rgb[s + c] & 0xFF : 0; // center_crop pads with zeros
                    out[c * plane + o] = lut[c * 256 + v];
                }
            }
        }
        return out;
    }

    /** The shape of {@link #pixelValuesOfResized}'s result, {@code [3, h, w]}. */
    public long[] pixelValuesShape(RgbImage resized) {
        return settings.doCenterCrop()
                ? new long[] {3, settings.cropHeight(), settings.cropWidth()}
                : new long[] {3, resized.height(), resized.width()};
    }
}
