package dev.vitface.model;

/**
 * A ready-to-run model: weights bound, workspace allocated for up to {@link #maxBatch()} images.
 * Implementations: {@link VisionTransformer} on a CPU backend; the CUDA backend's device-resident
 * twin. One call at a time per instance; callers that share one serialise their calls.
 */
public interface ForwardPass extends AutoCloseable {

    int maxBatch();

    /**
     * Runs {@code batch} images; {@code pixelValues} is {@code [batch, channels, image, image]}
     * float32 as CLIPImageProcessor produces it. {@code keepHiddenStates} also returns every
     * {@code hidden_states.k} (costly: for verification).
     */
    ForwardOutput forward(float[] pixelValues, int batch, boolean keepHiddenStates);

    @Override
    void close();
}
