package dev.vitface.forward.cuda;

import dev.vitface.backend.cuda.DeviceArena;
import dev.vitface.backend.cuda.DeviceBuffer;

/**
 * The activation buffers of {@link WorkspacePlan}, allocated once when the forward pass opens
 * and reused by every layer and every call. {@code probs} (BF16 only) is null for fp32/tf32.
 */
final class DeviceWorkspace implements AutoCloseable {
    final DeviceBuffer pixels, patches, hidden, normed, qkv, scores, probs, context, projected, mlp, pooled, logits,
            attentionPointers, cublasWorkspace;
    private final DeviceArena arena = new DeviceArena();

    DeviceWorkspace(WorkspacePlan p) {
        try {
            pixels = arena.allocate("pixel_values", p.pixels);
            patches = arena.allocate("patches", p.patches);
            hidden = arena.allocate("hidden", p.hidden);
            normed = arena.allocate("normed", p.normed);
            qkv = arena.allocate("qkv", p.qkv);
            scores = arena.allocate("attention scores", p.scores);
            probs = optional("attention probabilities (bf16)", p.probs);
            context = arena.allocate("attention context", p.context);
            projected = arena.allocate("projected", p.projected);
            mlp = arena.allocate("mlp", p.mlp);
            pooled = arena.allocate("pooled", p.pooled);
            logits = arena.allocate("logits", p.logits);
            attentionPointers = arena.allocate("attention pointer arrays", p.attentionPointers);
            cublasWorkspace = arena.allocate("cublas workspace", p.cublasWorkspace);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private DeviceBuffer optional(String name, long bytes) {
        return bytes == 0 ? null : arena.allocate(name, bytes);
    }

    long byteSize() {
        return arena.byteSize();
    }

    @Override
    public void close() {
        arena.close();
    }
}
