package dev.vitface.backend.cuda;

/**
 * Run-time switches of the CUDA backend. Defaults come from system properties so a run can be
 * changed without code: {@code -Dvitface.cuda.graphs=false} runs every batch eagerly,
 * {@code -Dvitface.cuda.syncEachLaunch=true} synchronises after every kernel and GEMM so an
 * asynchronous fault names the operation that caused it (slow; turns graphs off).
 *
 * @param graphMaxBatch batches up to this size replay CUDA graphs; 0 turns graphs off
 */
public record CudaOptions(int graphMaxBatch, boolean syncEachLaunch) {
    /** Where launch overhead dominates: ViT-L/14 at batch 32 still spends a few ms per pass launching. */
    public static final int DEFAULT_GRAPH_MAX_BATCH = 32;
    /** Distinct batch sizes whose graphs are kept. */
    public static final int GRAPH_CACHE_SIZE = 4;

    public CudaOptions {
        if (graphMaxBatch < 0) throw new IllegalArgumentException("graphMaxBatch must be >= 0, got " + graphMaxBatch);
        if (syncEachLaunch) graphMaxBatch = 0; // synchronising inside a capture is illegal
    }

    public static CudaOptions fromSystemProperties() {
        boolean graphs = Boolean.parseBoolean(System.getProperty("vitface.cuda.graphs", "true"));
        boolean sync = Boolean.parseBoolean(System.getProperty("vitface.cuda.syncEachLaunch", "false"));
        return new CudaOptions(graphs ? DEFAULT_GRAPH_MAX_BATCH : 0, sync);
    }

    /** Options with graphs on or off, the rest unchanged. */
    public CudaOptions withGraphs(boolean on) {
        return new CudaOptions(on ? DEFAULT_GRAPH_MAX_BATCH : 0, syncEachLaunch);
    }
}
