package dev.vitface.backend.dnnl;

/**
 * How oneDNN's FP32 linear layers hold their weights ({@link OneDnnBackend}). The trade, measured
 * on ViT-L/14 in docs/PERFORMANCE.md: re-laid out, each image runs ~5 % faster; in place, the run
 * starts 1-2 s sooner and holds no 1.2 GB copy of the weights.
 */
public enum WeightLayout {
    /** Re-laid out once at load into the blocked layout oneDNN's matmul prefers (bf16 weights always are: they are rounded too). */
    REORDERED,
    /** For fp32 only: the mapped {@code [out, in]} weight read where it is, as the {@code K×N} matrix in format {@code ba}. */
    IN_PLACE
}
