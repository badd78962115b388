package dev.vitface.forward.cuda;

import dev.vitface.backend.cuda.AttentionOffsets;
import dev.vitface.backend.cuda.Cublas;
import dev.vitface.backend.cuda.CublasPrecision;
import dev.vitface.forward.ForwardInput;
import dev.vitface.model.VisionConfig;

/**
 * Byte sizes of every device activation buffer for up to {@code maxBatch} images, computed with
 * overflow checks before anything is allocated (the CPU {@code Workspace}'s twin, plus the full
 * attention score matrices that batched GEMMs need). Rows are the tokens of all images, image
 * after image ({@code [B·tokens, …]}), as on the CPU. "Operand type" buffers feed only GEMMs:
 * FP32, or BF16 with {@code --precision bf16}, which halves their traffic.
 */
final class WorkspacePlan {
    final int maxBatch;
    final int scoreStride;       // elements from one score row to the next (AttentionOffsets.scoreRowStride)
    final long pixels;           // [B, C, S, S] f32, uploaded input
    final long patches;          // [B·grid², patchDim] operand type, im2col
    final long hidden;           // [B·T, H] f32, the residual stream
    final long normed;           // [B·T, H] operand type, layer_norm1/2 output (GEMM input only)
    final long qkv;              // [B·T, 3H] operand type, q | k | v side by side (fused projection output, bias added)
    final long scores;           // [B·heads, T, scoreStride] f32, scaled q·kᵀ, softmax in place for fp32/tf32
    final long probs;            // [B·heads, T, scoreStride] bf16 softmax output, only for --precision bf16
    final long context;          // [B·T, H] operand type, attention output (heads side by side)
    final long projected;        // [B·T, H] f32, out_proj / fc2 / patch-embedding GEMM output
    final long mlp;              // [B·T, I] operand type, fc1 output, quick_gelu in place
    final long pooled;           // [B, H] f32, post_layernorm(CLS)
    final long logits;           // [B, labels] f32, the three heads side by side
    final long attentionPointers; // 6 device arrays of B·heads pointers for the batched attention GEMMs
    final long cublasWorkspace;

    WorkspacePlan(VisionConfig c, int maxBatch, CublasPrecision precision, int labels) {
        ForwardInput.checkMaxBatch(maxBatch);
        if (labels < 1) throw new IllegalArgumentException("the model has no classification head");
        this.maxBatch = maxBatch;
        this.scoreStride = AttentionOffsets.scoreRowStride(c.tokens());
        try {
            long b = maxBatch;
            long rows = Math.multiplyExact(b, c.tokens());
            if (rows > Integer.MAX_VALUE) {
                // cuBLAS takes int dimensions and batch counts: B·tokens rows must fit.
                throw new IllegalArgumentException("maxBatch " + maxBatch + " is too large: " + rows
                        + " token rows exceed cuBLAS's int dimensions");
            }
            long attention = Math.multiplyExact(Math.multiplyExact(b, c.numAttentionHeads()), (long) c.tokens() * scoreStride);
            int op = precision.operandBytes();
            boolean bf16 = precision.usesBf16();
            pixels = bytes(4, b, (long) c.numChannels() * c.imageSize() * c.imageSize());
            patches = bytes(op, b, (long) c.gridSize() * c.gridSize() * c.patchDim());
            hidden = bytes(4, rows, c.hiddenSize());
            normed = bytes(op, rows, c.hiddenSize());
            qkv = bytes(op, rows, 3L * c.hiddenSize());
            scores = bytes(4, attention, 1);
            probs = bf16 ? bytes(2, attention, 1) : 0;
            context = bytes(op, rows, c.hiddenSize());
            projected = bytes(4, rows, c.hiddenSize());
            mlp = bytes(op, rows, c.intermediateSize());
            pooled = bytes(4, b, c.hiddenSize());
            logits = bytes(4, b, labels);
            attentionPointers = bytes(8, 6L * b, c.numAttentionHeads());
            cublasWorkspace = Cublas.WORKSPACE_BYTES;
            total();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("maxBatch " + maxBatch + " is too large: the workspace size overflows", e);
        }
    }

    /** Everything, in bytes. */
    long total() {
        long sum = 0;
        for (long part : new long[] {pixels, patches, hidden, normed, qkv, scores, probs, context, projected, mlp, pooled,
                logits, attentionPointers, cublasWorkspace}) {
            sum = Math.addExact(sum, part);
        }
        return sum;
    }

    private static long bytes(int elementBytes, long a, long b) {
        return Math.multiplyExact(Math.multiplyExact(a, b), (long) elementBytes);
    }
}
