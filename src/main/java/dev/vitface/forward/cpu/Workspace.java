package dev.vitface.forward.cpu;

import dev.vitface.model.VisionConfig;
import dev.vitface.util.FreshPages;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Every activation buffer of the forward pass, allocated once (off-heap, zeroed, 64-byte
 * aligned) for the largest batch and reused by every layer and every call: nothing is allocated
 * per layer. The large buffers come from {@link FreshPages}, so a smaller batch never touches,
 * and never pays for, the rest (~100 MB for ViT-L/14 at batch 8, ~0.3 s of page faults here).
 * Rows are tokens of all images of the batch, image after image ({@code [B·tokens, …]}).
 */
final class Workspace implements AutoCloseable {
    final int maxBatch;
    final MemorySegment patches;   // [B·grid², patchDim] im2col of the pixel values
    final MemorySegment hidden;    // [B·tokens, hidden] the residual stream
    final MemorySegment normed;    // [B·tokens, hidden] layer_norm1/2 output
    final MemorySegment qkv;       // [B·tokens, 3·hidden] q | k | v side by side
    final MemorySegment scores;    // [workers, tokens, tokens] attention probabilities, one (image, head) per worker
    final MemorySegment context;   // [B·tokens, hidden] attention output before out_proj
    final MemorySegment projected; // [B·tokens, hidden] out_proj / fc2 output before the residual add
    final MemorySegment mlp;       // [B·tokens, intermediate] fc1 output
    final MemorySegment pooled;    // [B, hidden] post_layernorm(CLS)
    final MemorySegment logits;    // [B, widest head]
    private final Arena arena;

    Workspace(VisionConfig c, int maxBatch, int widestHead, int workers) {
        this.maxBatch = maxBatch;
        this.arena = Arena.ofShared();
        long rows = (long) maxBatch * c.tokens();
        long patchRows = (long) maxBatch * c.gridSize() * c.gridSize();
        patches = floats(patchRows * c.patchDim());
        hidden = floats(rows * c.hiddenSize());
        normed = floats(rows * c.hiddenSize());
        qkv = floats(rows * 3L * c.hiddenSize());
        scores = floats((long) workers * c.tokens() * c.tokens());
        context = floats(rows * c.hiddenSize());
        projected = floats(rows * c.hiddenSize());
        mlp = floats(rows * c.intermediateSize());
        pooled = floats((long) maxBatch * c.hiddenSize());
        logits = floats((long) maxBatch * widestHead);
    }

    private MemorySegment floats(long count) {
        return FreshPages.allocate(arena, Math.multiplyExact(count, (long) Float.BYTES));
    }

    @Override
    public void close() {
        arena.close();
    }
}
