package dev.vitface.engine;

/**
 * What a run will do with the engine, which is what {@link BackendKind#AUTO} weighs when it picks
 * the CPU GEMM (a named backend ignores it). oneDNN re-lays the weights out once at load (about
 * 4 s for ViT-L/14 on 2 cores) and then runs each image 10-15 % faster than OpenBLAS, twice as
 * fast where {@code OPENBLAS_CORETYPE} holds OpenBLAS to older kernels (docs/PERFORMANCE.md), and
 * its answer for an image does not depend on the batch it shares; OpenBLAS starts at once.
 */
public enum Workload {
    /** A few images: OpenBLAS, for the first result soonest. */
    FEW_IMAGES,
    /** At least {@link #MANY} images (a folder, a data set, a Spark partition): oneDNN, for the total time. */
    MANY_IMAGES,
    /** A server: oneDNN, whose answers are the same bits batched or alone (docs/SERVING.md). */
    SERVING;

    /**
     * From how many images oneDNN's start-up pays for itself: ~4 s against 0.06-0.07 s saved per
     * image with OpenBLAS's own kernels (~60 images), 0.45 s with Haswell kernels forced (~10).
     */
    public static final int MANY = 64;

    /** {@link #MANY_IMAGES} from {@link #MANY} images on, else {@link #FEW_IMAGES}. */
    public static Workload ofImages(long images) {
        return images >= MANY ? MANY_IMAGES : FEW_IMAGES;
    }

    /** Whether {@code auto} takes oneDNN for it. */
    boolean prefersOneDnn() {
        return this != FEW_IMAGES;
    }
}
