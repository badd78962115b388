package dev.vitface.engine;

/**
 * What a run will do with the engine, which is what {@link BackendKind#AUTO} weighs when it picks
 * the CPU GEMM ({@link #autoGemm}; a named backend ignores it). oneDNN with its weights re-laid
 * out at load starts 1-2 s later than OpenBLAS for ViT-L/14 on 2 cores and then runs each image
 * faster than OpenBLAS's own kernels, much faster where {@code OPENBLAS_CORETYPE} holds OpenBLAS
 * to older ones; its answer for an image does not depend on the batch it shares. oneDNN reading
 * the weights in place starts about as soon as OpenBLAS and runs each image ~5 % slower than
 * re-laid out (docs/PERFORMANCE.md). Whatever the backend, a short run takes the element-wise
 * kernels that need no JIT warm-up ({@link #isShortRun()}); they give the same bits.
 *
 * @param images  how many images the run expects to classify ({@link Long#MAX_VALUE}: open-ended)
 * @param serving a server, whose answers must be the same bits batched or alone
 * @param stated  whether the run said how many images ({@link #FEW_IMAGES} is a guess)
 */
public record Workload(long images, boolean serving, boolean stated) {
    /** The CPU GEMM {@code auto} takes. */
    public enum CpuGemm {
        OPENBLAS,
        /** oneDNN reading the fp32 weights where they are mapped: no re-layout at load. */
        ONEDNN_IN_PLACE,
        /** oneDNN with its weights re-laid out at load. */
        ONEDNN_REORDERED
    }

    /** The re-laid-out weights pay for themselves from about this many images when OpenBLAS runs its own kernels (32: 1.10x OpenBLAS's time). */
    public static final long MANY_WITH_OWN_KERNELS = 64;
    /**
     * The same when OPENBLAS_CORETYPE holds OpenBLAS to kernels older than the CPU, against oneDNN
     * reading the weights in place, which takes every smaller run (32 images: about equal).
     */
    public static final long MANY_WITH_OLDER_KERNELS = 32;

    /** Runs of at most this many images take the kernels without JIT warm-up ({@link #isShortRun()}). */
    public static final long SHORT_RUN_IMAGES = 8;

    /**
     * A few images: what a run that does not say expects (a library caller may go on to many, so
     * not a {@linkplain #isShortRun() short run}).
     */
    public static final Workload FEW_IMAGES = new Workload(SHORT_RUN_IMAGES + 1, false, false);
    /** A run that goes on and on (a Spark executor, partition after partition). */
    public static final Workload OPEN_ENDED = new Workload(Long.MAX_VALUE, false, true);
    /** {@code vitface serve}. */
    public static final Workload SERVING = new Workload(Long.MAX_VALUE, true, true);

    public Workload {
        if (images < 1) throw new IllegalArgumentException("a workload has at least one image, got " + images);
        // The count a run did not state is FEW_IMAGES' guess; any other unstated count would be a guess nobody made.
        if (!stated && (serving || images != SHORT_RUN_IMAGES + 1)) {
            throw new IllegalArgumentException("only Workload.FEW_IMAGES leaves the image count unstated; got " + images
                    + (serving ? " for a server" : ""));
        }
    }

    public static Workload ofImages(long images) {
        return new Workload(Math.max(1, images), false, true);
    }

    /** The run as a log line names it: "1 image", "40 images", "a long run", "a server", or that it did not say. */
    public String describe() {
        if (serving) return "a server";
        if (images == Long.MAX_VALUE) return "a long run";
        if (!stated) return "a run that did not say how many images (taken as a few)";
        return images == 1 ? "1 image" : images + " images";
    }

    /**
     * A run of at most {@link #SHORT_RUN_IMAGES} images (classify of a few photos): the CPU
     * backends then take the element-wise kernels that need no warm-up ({@code
     * Kernels.withoutWarmUp}, the vector kernels' bits). In the 2-core VM of docs/PERFORMANCE.md a
     * process's first image took 1.48-1.61 s in-process on them against 1.70-1.93 s on the vector
     * kernels, but a second forward pass 0.82-0.86 s against ~0.6 s: what pays is how many passes a
     * run makes. {@code classify} of 2, 4 and 8 photos (one pass at the default batch of 8) took
     * 0.4-0.9 s less on them, of 16 and 32 photos 0.5-3 s more.
     */
    public boolean isShortRun() {
        return images <= SHORT_RUN_IMAGES && !serving;
    }

    /**
     * The GEMM {@code auto} takes for it: a server or a long run re-lays oneDNN's weights out; a
     * shorter run takes OpenBLAS, or, where OpenBLAS is held to older kernels, oneDNN in place.
     *
     * @param openBlasHeldBack OpenBLAS runs kernels older than the CPU ({@code OPENBLAS_CORETYPE})
     */
    public CpuGemm autoGemm(boolean openBlasHeldBack) {
        if (serving || images >= (openBlasHeldBack ? MANY_WITH_OLDER_KERNELS : MANY_WITH_OWN_KERNELS)) {
            return CpuGemm.ONEDNN_REORDERED;
        }
        return openBlasHeldBack ? CpuGemm.ONEDNN_IN_PLACE : CpuGemm.OPENBLAS;
    }
}
