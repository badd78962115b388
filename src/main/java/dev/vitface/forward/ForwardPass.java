package dev.vitface.forward;

/**
 * A ready-to-run model: weights bound, workspace allocated for up to {@link #maxBatch()} images.
 * Implementations: {@link dev.vitface.forward.cpu.VisionTransformer} on a CPU backend and
 * {@link dev.vitface.forward.cuda.CudaForwardPass} on one GPU; {@code engine.Engine} picks one.
 *
 * <p>Not thread-safe, whichever the implementation: every pass owns one workspace that a call
 * fills from start to end, so one call at a time per instance. A caller that shares a pass
 * between threads serialises its calls ({@code FaceAttributes} holds a lock around each). A pass
 * checks its input with {@link ForwardInput} before it touches native memory, so bad input is
 * the same exception, with the same message, on every implementation.
 */
public interface ForwardPass extends AutoCloseable {

    int maxBatch();

    /**
     * Runs {@code batch} images; {@code pixelValues} is {@code [batch, channels, image, image]}
     * float32 as CLIPImageProcessor produces it. {@code keepHiddenStates} also returns every
     * {@code hidden_states.k} (costly: for verification); without it the last encoder layer may
     * run for the CLS tokens alone, which is all the heads read, with the same outputs.
     *
     * @throws IllegalArgumentException a batch outside {@code 1..maxBatch()} or pixels of the wrong size
     * @throws IllegalStateException    the pass is closed
     */
    ForwardOutput forward(float[] pixelValues, int batch, boolean keepHiddenStates);

    /** Releases the workspace (and device memory); a second call does nothing. */
    @Override
    void close();
}
