package dev.vitface.model;

import dev.vitface.backend.Backend;
import dev.vitface.backend.Gemm;
import dev.vitface.backend.Parallel;
import dev.vitface.kernels.Kernels;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The CLIP vision tower plus the three heads, on a CPU {@link Backend}. Reproduces
 * transformers' {@code CLIPVisionTransformer} (modeling_clip.py): patch embedding (a Conv2d
 * without bias, here one GEMM over im2col rows), CLS token, position embeddings,
 * {@code pre_layrnorm}, pre-LN encoder layers, {@code post_layernorm} of the CLS token only,
 * then {@code y = W·x + b} per head. Not thread-safe: one forward at a time per instance
 * (the workspace is shared).
 */
public final class VisionTransformer implements ForwardPass {
    private final VisionConfig config;
    private final ClipVisionWeights weights;
    private final Gemm gemm;
    private final Kernels kernels;
    private final Parallel parallel;
    private final Workspace ws;

    public VisionTransformer(VisionConfig config, ClipVisionWeights weights, Backend backend, int maxBatch) {
        this.config = config;
        this.weights = weights;
        this.gemm = backend.gemm();
        this.kernels = backend.kernels();
        this.parallel = backend.parallel();
        int widestHead = weights.heads().values().stream().mapToInt(LinearWeights::out).max().orElse(1);
        this.ws = new Workspace(config, maxBatch, widestHead);
    }

    @Override
    public int maxBatch() {
        return ws.maxBatch;
    }

    /**
     * Runs {@code batch} images. {@code pixelValues} is {@code [batch, channels, image, image]}
     * float32, as CLIPImageProcessor produces it.
     */
    @Override
    public ForwardOutput forward(float[] pixelValues, int batch, boolean keepHiddenStates) {
        checkInput(pixelValues, batch);
        int tokens = config.tokens();
        int hidden = config.hiddenSize();
        int rows = batch * tokens;
        List<float[]> hiddenStates = new ArrayList<>();

        embed(pixelValues, batch);
        layerNorm(ws.hidden, ws.hidden, rows, weights.preLayrnorm());
        if (keepHiddenStates) hiddenStates.add(copy(ws.hidden, (long) rows * hidden));

        for (EncoderLayerWeights layer : weights.layers()) {
            encoderLayer(layer, batch);
            if (keepHiddenStates) hiddenStates.add(copy(ws.hidden, (long) rows * hidden));
        }

        // post_layernorm on the CLS token (row 0 of each image) only.
        for (int b = 0; b < batch; b++) {
            kernels.layerNorm(ws.hidden, (long) b * tokens * hidden, ws.pooled, (long) b * hidden, 1, hidden,
                    weights.postLayernorm().weight(), weights.postLayernorm().bias(), config.layerNormEps());
        }
        Map<Task, float[]> logits = new EnumMap<>(Task.class);
        for (Map.Entry<Task, LinearWeights> head : weights.heads().entrySet()) {
            LinearWeights w = head.getValue();
            linear(ws.pooled, 0, batch, w, ws.logits, 0);
            logits.put(head.getKey(), copy(ws.logits, (long) batch * w.out()));
        }
        return new ForwardOutput(batch, copy(ws.pooled, (long) batch * hidden), logits, hiddenStates);
    }

    /** Patch embedding + CLS + position embeddings into {@code ws.hidden}. */
    private void embed(float[] pixels, int batch) {
        int grid = config.gridSize();
        int patches = grid * grid;
        int hidden = config.hiddenSize();
        int tokens = config.tokens();
        im2col(pixels, batch);
        for (int b = 0; b < batch; b++) {
            long imageRow = (long) b * tokens;
            // Patch p of image b becomes token 1 + p: one GEMM per image writes straight into place.
            gemm.matmulTransposedB(patches, hidden, config.patchDim(), 1f,
                    ws.patches, (long) b * patches * config.patchDim(), config.patchDim(),
                    weights.patchEmbedding(), 0, config.patchDim(),
                    0f, ws.hidden, (imageRow + 1) * hidden, hidden);
            MemorySegment.copy(weights.classEmbedding(), 0, ws.hidden, imageRow * hidden * Float.BYTES,
                    (long) hidden * Float.BYTES);
        }
        parallel.forRange(batch, (from, to) -> {
            for (int b = from; b < to; b++) {
                kernels.add(ws.hidden, (long) b * tokens * hidden, weights.positionEmbedding(), 0, (long) tokens * hidden);
            }
        });
    }

    /**
     * Unfolds each {@code patch×patch} tile of every channel into one row, in the order of the
     * Conv2d weight's {@code [hidden, channels, patch, patch]} flattening: (c, ky, kx).
     */
    private void im2col(float[] pixels, int batch) {
        int c = config.numChannels();
        int p = config.patchSize();
        int s = config.imageSize();
        int grid = config.gridSize();
        int patchDim = config.patchDim();
        parallel.forRange(batch * grid, (from, to) -> {
            for (int bg = from; bg < to; bg++) {
                int b = bg / grid;
                int gy = bg % grid;
                for (int gx = 0; gx < grid; gx++) {
                    long row = ((long) b * grid * grid + (long) gy * grid + gx) * patchDim;
                    int col = 0;
                    for (int ch = 0; ch < c; ch++) {
                        for (int ky = 0; ky < p; ky++) {
                            int src = ((b * c + ch) * s + gy * p + ky) * s + gx * p;
                            MemorySegment.copy(pixels, src, ws.patches, ValueLayout.JAVA_FLOAT, (row + col) * Float.BYTES, p);
                            col += p;
                        }
                    }
                }
            }
        });
    }

    /** h = h + out_proj(MHA(layer_norm1(h))); h = h + fc2(quick_gelu(fc1(layer_norm2(h)))). */
    private void encoderLayer(EncoderLayerWeights layer, int batch) {
        int rows = batch * config.tokens();
        int hidden = config.hiddenSize();

        layerNorm(ws.hidden, ws.normed, rows, layer.layerNorm1());
        // q | k | v written side by side into one [rows, 3·hidden] buffer.
        linearStrided(ws.normed, rows, layer.qProj(), ws.qkv, 0, 3 * hidden);
        linearStrided(ws.normed, rows, layer.kProj(), ws.qkv, hidden, 3 * hidden);
        linearStrided(ws.normed, rows, layer.vProj(), ws.qkv, 2L * hidden, 3 * hidden);
        attention(batch);
        residual(ws.context, rows, layer.outProj());

        layerNorm(ws.hidden, ws.normed, rows, layer.layerNorm2());
        LinearWeights fc1 = layer.fc1();
        gemm.matmulTransposedB(rows, fc1.out(), fc1.in(), 1f, ws.normed, 0, fc1.in(), fc1.weight(), 0, fc1.in(),
                0f, ws.mlp, 0, fc1.out());
        parallel.forRange(rows, (from, to) ->
                kernels.addBiasQuickGelu(ws.mlp, (long) from * fc1.out(), to - from, fc1.out(), fc1.bias()));
        residual(ws.mlp, rows, layer.fc2());
    }

    /** softmax(q·kᵀ / sqrt(headDim)) · v for every (image, head), into {@code ws.context}. */
    private void attention(int batch) {
        int tokens = config.tokens();
        int hidden = config.hiddenSize();
        int headDim = config.headDim();
        int ld = 3 * hidden;
        float scale = (float) (1.0 / Math.sqrt(headDim));
        for (int b = 0; b < batch; b++) {
            long base = (long) b * tokens * ld;
            for (int h = 0; h < config.numAttentionHeads(); h++) {
                long q = base + (long) h * headDim;
                gemm.matmulTransposedB(tokens, tokens, headDim, scale, ws.qkv, q, ld, ws.qkv, q + hidden, ld,
                        0f, ws.scores, 0, tokens);
                parallel.forRange(tokens, (from, to) ->
                        kernels.softmaxRows(ws.scores, (long) from * tokens, to - from, tokens, tokens));
                gemm.matmul(tokens, headDim, tokens, 1f, ws.scores, 0, tokens, ws.qkv, q + 2L * hidden, ld,
                        0f, ws.context, (long) b * tokens * hidden + (long) h * headDim, hidden);
            }
        }
    }

    /** {@code hidden += input·Wᵀ + b}: out_proj and fc2, with the bias fused into the residual add. */
    private void residual(MemorySegment input, int rows, LinearWeights w) {
        gemm.matmulTransposedB(rows, w.out(), w.in(), 1f, input, 0, w.in(), w.weight(), 0, w.in(),
                0f, ws.projected, 0, w.out());
        parallel.forRange(rows, (from, to) -> kernels.addBiasResidual(ws.hidden, (long) from * w.out(),
                ws.projected, (long) from * w.out(), to - from, w.out(), w.bias()));
    }

    /** {@code out[:, colOffset:colOffset+w.out] = in·Wᵀ + b}, output rows {@code ldOut} apart. */
    private void linearStrided(MemorySegment in, int rows, LinearWeights w, MemorySegment out, long colOffset, int ldOut) {
        gemm.matmulTransposedB(rows, w.out(), w.in(), 1f, in, 0, w.in(), w.weight(), 0, w.in(),
                0f, out, colOffset, ldOut);
        parallel.forRange(rows, (from, to) ->
                kernels.addBias(out, colOffset + (long) from * ldOut, to - from, w.out(), ldOut, w.bias()));
    }

    private void linear(MemorySegment in, long inOff, int rows, LinearWeights w, MemorySegment out, long outOff) {
        linearStrided(in.asSlice(inOff * Float.BYTES), rows, w, out, outOff, w.out());
    }

    private void layerNorm(MemorySegment in, MemorySegment out, int rows, LayerNormWeights w) {
        int hidden = config.hiddenSize();
        parallel.forRange(rows, (from, to) -> kernels.layerNorm(in, (long) from * hidden, out, (long) from * hidden,
                to - from, hidden, w.weight(), w.bias(), config.layerNormEps()));
    }

    private void checkInput(float[] pixelValues, int batch) {
        if (batch < 1 || batch > ws.maxBatch) {
            throw new IllegalArgumentException("batch " + batch + " outside 1.." + ws.maxBatch);
        }
        long expected = (long) batch * config.numChannels() * config.imageSize() * config.imageSize();
        if (pixelValues.length != expected) {
            throw new IllegalArgumentException("pixel values hold " + pixelValues.length + " floats; a batch of " + batch
                    + " needs " + expected + " ([" + batch + ", " + config.numChannels() + ", " + config.imageSize()
                    + ", " + config.imageSize() + "])");
        }
    }

    private static float[] copy(MemorySegment s, long count) {
        return s.asSlice(0, count * Float.BYTES).toArray(ValueLayout.JAVA_FLOAT);
    }

    @Override
    public void close() {
        ws.close();
    }
}
