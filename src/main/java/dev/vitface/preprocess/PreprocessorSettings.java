package dev.vitface.preprocess;

/**
 * The settings of transformers' {@code CLIPImageProcessor} that change pixels (the fields of
 * {@code preprocessor_config.json}, resampling fixed to bicubic). Sizes are in pixels.
 *
 * @param doResize      resize so that the shorter side is {@code shortestEdge}
 * @param shortestEdge  {@code size.shortest_edge} (or the old plain {@code size})
 * @param doCenterCrop  crop {@code cropHeight x cropWidth} around the centre, zero-padding if smaller
 * @param doRescale     multiply by {@code rescaleFactor}
 * @param doNormalize   then {@code (x - imageMean[c]) / imageStd[c]} per RGB channel
 */
public record PreprocessorSettings(
        boolean doResize, int shortestEdge,
        boolean doCenterCrop, int cropHeight, int cropWidth,
        boolean doRescale, double rescaleFactor,
        boolean doNormalize, double[] imageMean, double[] imageStd) {

    /** transformers' OPENAI_CLIP_MEAN and OPENAI_CLIP_STD (image_utils.py), the CLIP defaults. */
    private static final double[] OPENAI_CLIP_MEAN = {0.48145466, 0.4578275, 0.40821073};
    private static final double[] OPENAI_CLIP_STD = {0.26862954, 0.26130258, 0.27577711};

    public PreprocessorSettings {
        if (doResize && shortestEdge < 1) throw new IllegalArgumentException("shortest edge must be positive, got " + shortestEdge);
        if (doCenterCrop && (cropHeight < 1 || cropWidth < 1)) {
            throw new IllegalArgumentException("crop size must be positive, got " + cropHeight + "x" + cropWidth);
        }
        if (doRescale && !Double.isFinite(rescaleFactor)) throw new IllegalArgumentException("rescale factor must be finite");
        imageMean = checkedTriple("image mean", imageMean);
        imageStd = checkedTriple("image std", imageStd);
        for (double s : imageStd) {
            if (doNormalize && s == 0) throw new IllegalArgumentException("image std must not be 0");
        }
    }

    /** CLIPImageProcessor's defaults with the given input size: shortest edge and square crop {@code size}. */
    public static PreprocessorSettings clipDefaults(int size) {
        return new PreprocessorSettings(true, size, true, size, size, true, 1.0 / 255, true, OPENAI_CLIP_MEAN, OPENAI_CLIP_STD);
    }

    /** A copy: the record stays immutable. */
    @Override
    public double[] imageMean() {
        return imageMean.clone();
    }

    /** A copy: the record stays immutable. */
    @Override
    public double[] imageStd() {
        return imageStd.clone();
    }

    private static double[] checkedTriple(String what, double[] values) {
        if (values == null || values.length != 3) {
            throw new IllegalArgumentException(what + " needs 3 values (R, G, B), got "
                    + (values == null ? "none" : values.length));
        }
        for (double v : values) {
            if (!Double.isFinite(v)) throw new IllegalArgumentException(what + " must be finite");
        }
        return values.clone();
    }
}
