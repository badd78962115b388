package dev.vitface.forward.cpu;

import dev.vitface.backend.Backend;
import dev.vitface.backend.Epilogue;
import dev.vitface.backend.Gemm;
import dev.vitface.backend.Parallel;
import dev.vitface.backend.PreparedLinear;
import dev.vitface.backend.RowSoftmax;
import dev.vitface.forward.ForwardInput;
import dev.vitface.forward.ForwardOutput;
import dev.vitface.forward.ForwardPass;
import dev.vitface.kernels.Kernels;
import dev.vitface.model.ClipVisionWeights;
import dev.vitface.model.EncoderLayerWeights;
import dev.vitface.model.LayerNormWeights;
import dev.vitface.model.LinearWeights;
import dev.vitface.model.Task;
import dev.vitface.model.VisionConfig;
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
 * then {@code y = W·x + b} per head.
 *
 * <p>How it is scheduled: attention is the only step that mixes tokens. Everything between two
 * attentions — out_proj, residual, layer_norm2, fc1, quick-GELU, fc2, residual, the next
 * layer_norm1 and q/k/v — works row by row, so each worker takes one block of rows through all
 * of it while the rows are still in its cache, with one barrier per step instead of one per op.
 * Attention runs one (image, head) per task. Batches too small for row blocks of useful size
 * take {@link FeatureMajorLayers} instead where the backend's linears compute feature-major
 * (OpenBLAS), or split each product by output features ({@link ColumnSplitTail}) where they
 * split (oneDNN). Without hidden states, the last layer runs for the CLS rows only. Not
 * thread-safe, as the {@link ForwardPass} contract says. The backend (its pool) belongs to the
 * caller, who closes it after this pass.
 */
public final class VisionTransformer implements ForwardPass {

    /** How the encoder layers are scheduled; all compute the same outputs (the contract tests and SeededViTL14Test run each). */
    public enum Schedule {
        /**
         * For batches too small for useful row blocks, feature-major, or else column parts, where
         * the backend's linears offer them; otherwise row blocks: the fastest.
         */
        BY_BATCH_SIZE,
        /** Row blocks of tokens, whatever the batch. */
        ROW_BLOCKS,
        /** Feature-major, whatever the batch (needs a backend whose linears compute feature-major). */
        FEATURE_MAJOR,
        /** Token-major with each product split by output features, whatever the batch (needs linears that split). */
        COLUMN_PARTS
    }

    private final VisionConfig config;
    private final ClipVisionWeights weights;
    private final Gemm gemm;
    private final Gemm attentionGemm;
    private final Kernels kernels;
    private final RowSoftmax softmax;
    private final Parallel parallel;
    private final Workspace ws;
    private final PreparedLinear patchEmbedding;
    private final List<PreparedLayer> layers;
    private final FeatureMajorLayers featureMajor;
    private final ColumnSplitTail columnSplit;
    private final Schedule schedule;
    private boolean closed;

    /**
     * Prepares every product for {@code backend} (a reduced-precision one converts weights here, once).
     *
     * @throws IllegalArgumentException a bad {@code maxBatch}, or weights that do not fit the config
     */
    public VisionTransformer(VisionConfig config, ClipVisionWeights weights, Backend backend, int maxBatch) {
        this(config, weights, backend, maxBatch, Schedule.BY_BATCH_SIZE);
    }

    /** @throws IllegalArgumentException also for {@link Schedule#FEATURE_MAJOR} or {@link Schedule#COLUMN_PARTS} on a backend that cannot run it */
    public VisionTransformer(VisionConfig config, ClipVisionWeights weights, Backend backend, int maxBatch,
                             Schedule schedule) {
        ForwardInput.checkMaxBatch(maxBatch);
        weights.checkSizes(config);
        this.config = config;
        this.weights = weights;
        this.gemm = backend.gemm();
        this.attentionGemm = backend.attentionGemm();
        this.kernels = backend.kernels();
        this.softmax = backend.softmax();
        this.parallel = backend.parallel();
        this.patchEmbedding = backend.prepareLinear(weights.patchEmbedding(), config.hiddenSize(), config.patchDim());
        this.layers = prepareLayers(weights.layers(), backend);
        int widestHead = weights.heads().values().stream().mapToInt(LinearWeights::out).max().orElse(1);
        this.ws = new Workspace(config, maxBatch, widestHead, parallel.threads());
        this.featureMajor = new FeatureMajorLayers(config, layers, ws, attentionGemm, kernels, softmax, parallel);
        this.columnSplit = new ColumnSplitTail(config, layers, ws, kernels, parallel);
        this.schedule = schedule;
        if (schedule == Schedule.FEATURE_MAJOR && !featureMajor.available()) {
            ws.close();
            throw new IllegalArgumentException(backend.name() + " cannot run the feature-major schedule");
        }
        if (schedule == Schedule.COLUMN_PARTS && !columnSplit.available()) {
            ws.close();
            throw new IllegalArgumentException(backend.name() + " cannot split its products into column parts on "
                    + parallel.threads() + " threads");
        }
    }

    /**
     * Each layer's products prepared for {@code backend}, layers spread over its pool: a backend
     * that re-lays weights out (oneDNN) writes ~1.2 GB at load, and two cores fault the fresh
     * pages in and copy about twice as fast as one.
     */
    private static List<PreparedLayer> prepareLayers(List<EncoderLayerWeights> weights, Backend backend) {
        PreparedLayer[] prepared = new PreparedLayer[weights.size()];
        backend.parallel().forEachItem(prepared.length, (worker, l) -> prepared[l] = PreparedLayer.of(weights.get(l), backend));
        return List.of(prepared);
    }

    @Override
    public int maxBatch() {
        return ws.maxBatch;
    }

    @Override
    public ForwardOutput forward(float[] pixelValues, int batch, boolean keepHiddenStates) {
        if (closed) throw new IllegalStateException("the forward pass is closed");
        ForwardInput.check(config, ws.maxBatch, pixelValues, batch);
        int rows = batch * config.tokens();
        List<float[]> hiddenStates = new ArrayList<>();

        Schedule run = scheduleFor(rows);
        embed(pixelValues, batch);
        parallel.forRange(rows, (worker, from, to) -> {
            layerNorm(ws.hidden, ws.hidden, from, to, weights.preLayrnorm());
            if (run != Schedule.ROW_BLOCKS) return; // the others take layer_norm1 on from here, each its own way
            layerNorm(ws.hidden, ws.normed, from, to, layers.getFirst().w().layerNorm1());
            qkv(layers.getFirst(), from, to);
        });
        if (keepHiddenStates) hiddenStates.add(copy(ws.hidden, (long) rows * config.hiddenSize()));
        if (run == Schedule.COLUMN_PARTS) columnSplit.firstQkv(rows);
        int clsRowStride = run == Schedule.FEATURE_MAJOR
                ? featureMajor.run(batch, keepHiddenStates, hiddenStates)
                : tokenMajorLayers(batch, run == Schedule.COLUMN_PARTS, keepHiddenStates, hiddenStates);
        return heads(batch, clsRowStride, hiddenStates);
    }

    /** The schedule a pass of {@code rows} token rows runs: this pass's, or for {@link Schedule#BY_BATCH_SIZE} the one that fits. */
    private Schedule scheduleFor(int rows) {
        if (schedule != Schedule.BY_BATCH_SIZE) return schedule;
        if (featureMajor.handles(rows)) return Schedule.FEATURE_MAJOR;
        return columnSplit.handles(rows) ? Schedule.COLUMN_PARTS : Schedule.ROW_BLOCKS;
    }

    /**
     * The encoder layers token-major, from {@code ws.qkv} of the first layer: between two
     * attentions in row blocks (see the class comment), or with {@code byColumns} each product
     * in column parts ({@link ColumnSplitTail}). The last layer's CLS rows go one row per call
     * either way. Leaves the final hidden state in {@code ws.hidden}: every row, or, without
     * hidden states, only each image's CLS row, packed at row b.
     *
     * @return the row stride of the CLS rows in {@code ws.hidden}
     */
    private int tokenMajorLayers(int batch, boolean byColumns, boolean keepHiddenStates, List<float[]> hiddenStates) {
        int rows = batch * config.tokens();
        for (int l = 0; l < layers.size(); l++) {
            PreparedLayer layer = layers.get(l);
            PreparedLayer next = l + 1 < layers.size() ? layers.get(l + 1) : null;
            if (next == null && !keepHiddenStates) {
                lastLayerForClsRows(layer, batch);
                return 1;
            }
            attention(batch, false);
            if (byColumns) {
                columnSplit.tail(l, rows);
            } else {
                parallel.forRange(rows, (worker, from, to) -> rowWiseTail(layer, next, from, to));
            }
            if (keepHiddenStates) hiddenStates.add(copy(ws.hidden, (long) rows * config.hiddenSize()));
        }
        return config.tokens();
    }

    /**
     * The last layer for the CLS rows alone, which is all the heads read: the other rows reach
     * them only through k and v, which the step before computed for every row. This skips the
     * last layer's out_proj, MLP and 256 of its 257 attention queries (3.3 % of the model's
     * FLOPs) without changing the outputs. Image b's CLS row moves to row b first, so the usual
     * tail runs on {@code batch} packed rows, one row per call: a product's result for a row
     * may depend on how many rows share the call (oneDNN's brgemm takes another path for a
     * single row of fc2), and one row per call keeps an image's answer the same whatever the
     * batch it came in (docs/SERVING.md).
     */
    private void lastLayerForClsRows(PreparedLayer layer, int batch) {
        int hidden = config.hiddenSize();
        attention(batch, true);
        for (int b = 1; b < batch; b++) {
            MemorySegment.copy(ws.hidden, (long) b * config.tokens() * hidden * Float.BYTES,
                    ws.hidden, (long) b * hidden * Float.BYTES, (long) hidden * Float.BYTES);
        }
        parallel.forEachItem(batch, (worker, b) -> rowWiseTail(layer, null, b, b + 1));
    }

    /**
     * Rows {@code [from, to)} from the attention output to the next attention's input:
     * {@code h += out_proj(ctx)}, {@code h += fc2(quick_gelu(fc1(layer_norm2(h))))}, then the next
     * layer's {@code layer_norm1} and q/k/v.
     */
    private void rowWiseTail(PreparedLayer layer, PreparedLayer next, int from, int to) {
        int n = to - from;
        int hidden = config.hiddenSize();
        int inter = config.intermediateSize();
        long h = (long) from * hidden;
        long m = (long) from * inter;
        product(layer.out(), Epilogue.BIAS_RESIDUAL, layer.w().outProj().bias(), ws.context, h, n, ws.hidden, h, hidden);

        layerNorm(ws.hidden, ws.normed, from, to, layer.w().layerNorm2());
        product(layer.fc1(), Epilogue.BIAS_QUICK_GELU, layer.w().fc1().bias(), ws.normed, h, n, ws.mlp, m, inter);
        product(layer.fc2(), Epilogue.BIAS_RESIDUAL, layer.w().fc2().bias(), ws.mlp, m, n, ws.hidden, h, hidden);

        if (next != null) {
            layerNorm(ws.hidden, ws.normed, from, to, next.w().layerNorm1());
            qkv(next, from, to);
        }
    }

    /**
     * {@code linear}'s product of {@code rows} rows of x, then {@code epilogue} into y (rows
     * {@code ldy} apart): inside the product where the linear can, else by the kernel of the same
     * name after it. A residual's product goes through {@code ws.projected} there, at y's offset.
     */
    private void product(PreparedLinear linear, Epilogue epilogue, MemorySegment bias, MemorySegment x, long xOff,
                         int rows, MemorySegment y, long yOff, int ldy) {
        if (linear.applyFused(x, xOff, rows, y, yOff, ldy, epilogue, bias)) return;
        int cols = linear.out();
        switch (epilogue) {
            case BIAS -> {
                linear.apply(x, xOff, rows, y, yOff, ldy);
                kernels.addBias(y, yOff, rows, cols, ldy, bias);
            }
            case BIAS_QUICK_GELU -> { // rows packed: ldy == cols
                linear.apply(x, xOff, rows, y, yOff, ldy);
                kernels.addBiasQuickGelu(y, yOff, rows, cols, bias);
            }
            case BIAS_RESIDUAL -> { // rows packed: ldy == cols
                linear.apply(x, xOff, rows, ws.projected, yOff, ldy);
                kernels.addBiasResidual(y, yOff, ws.projected, yOff, rows, cols, bias);
            }
        }
    }

    /** q | k | v of rows {@code [from, to)} side by side in one {@code [rows, 3·hidden]} buffer. */
    private void qkv(PreparedLayer layer, int from, int to) {
        int hidden = config.hiddenSize();
        int ld = 3 * hidden;
        for (int p = 0; p < 3; p++) {
            long offset = (long) from * ld + (long) p * hidden;
            product(layer.qkv().get(p), Epilogue.BIAS, layer.qkvBias().get(p), ws.normed, (long) from * hidden,
                    to - from, ws.qkv, offset, ld);
        }
    }

    /**
     * softmax(q·kᵀ / sqrt(headDim)) · v, one (image, head) per task, into {@code ws.context}: for
     * every query row, or with {@code clsOnly} for each image's CLS query alone, written to
     * context row b.
     */
    private void attention(int batch, boolean clsOnly) {
        int tokens = config.tokens();
        int hidden = config.hiddenSize();
        int headDim = config.headDim();
        int heads = config.numAttentionHeads();
        int ld = 3 * hidden;
        int queries = clsOnly ? 1 : tokens;
        float scale = (float) (1.0 / Math.sqrt(headDim));
        parallel.forEachItem(batch * heads, (worker, item) -> {
            int b = item / heads;
            int h = item % heads;
            long q = (long) b * tokens * ld + (long) h * headDim;
            long scores = (long) worker * tokens * tokens;
            long contextRow = (long) b * queries;
            attentionGemm.matmulTransposedB(queries, tokens, headDim, scale, ws.qkv, q, ld, ws.qkv, q + hidden, ld,
                    0f, ws.scores, scores, tokens);
            softmax.softmaxRows(ws.scores, scores, queries, tokens, tokens);
            attentionGemm.matmul(queries, headDim, tokens, 1f, ws.scores, scores, tokens, ws.qkv, q + 2L * hidden, ld,
                    0f, ws.context, contextRow * hidden + (long) h * headDim, hidden);
        });
    }

    /** Patch embedding + CLS + position embeddings into {@code ws.hidden}. */
    private void embed(float[] pixels, int batch) {
        int patches = config.gridSize() * config.gridSize();
        int hidden = config.hiddenSize();
        int tokens = config.tokens();
        int patchDim = config.patchDim();
        parallel.forRange(batch * patches, (worker, from, to) -> {
            im2col(pixels, from, to);
            // Patch p of image b becomes token 1 + p: the product writes straight into place,
            // one call per image the block touches (the CLS rows sit between images).
            for (int row = from; row < to; ) {
                int b = row / patches;
                int end = Math.min(to, (b + 1) * patches);
                patchEmbedding.apply(ws.patches, (long) row * patchDim, end - row,
                        ws.hidden, ((long) b * tokens + 1 + row - (long) b * patches) * hidden, hidden);
                row = end;
            }
        });
        parallel.forRange(batch, (worker, from, to) -> {
            for (int b = from; b < to; b++) {
                long imageRow = (long) b * tokens;
                MemorySegment.copy(weights.classEmbedding(), 0, ws.hidden, imageRow * hidden * Float.BYTES,
                        (long) hidden * Float.BYTES);
                kernels.add(ws.hidden, imageRow * hidden, weights.positionEmbedding(), 0, (long) tokens * hidden);
            }
        });
    }

    /**
     * Unfolds patch rows {@code [from, to)} (over all images) into {@code ws.patches}: each
     * {@code patch×patch} tile of every channel becomes one row, in the order of the Conv2d
     * weight's {@code [hidden, channels, patch, patch]} flattening: (c, ky, kx).
     */
    private void im2col(float[] pixels, int from, int to) {
        int c = config.numChannels();
        int p = config.patchSize();
        int s = config.imageSize();
        int grid = config.gridSize();
        int patchDim = config.patchDim();
        for (int row = from; row < to; row++) {
            int b = row / (grid * grid);
            int gy = row / grid % grid;
            int gx = row % grid;
            long dst = (long) row * patchDim;
            for (int ch = 0; ch < c; ch++) {
                for (int ky = 0; ky < p; ky++) {
                    int src = ((b * c + ch) * s + gy * p + ky) * s + gx * p;
                    MemorySegment.copy(pixels, src, ws.patches, ValueLayout.JAVA_FLOAT, dst * Float.BYTES, p);
                    dst += p;
                }
            }
        }
    }

    /** post_layernorm of each image's CLS token (row {@code b·clsRowStride}), then the heads. */
    private ForwardOutput heads(int batch, int clsRowStride, List<float[]> hiddenStates) {
        int hidden = config.hiddenSize();
        for (int b = 0; b < batch; b++) {
            kernels.layerNorm(ws.hidden, (long) b * clsRowStride * hidden, ws.pooled, (long) b * hidden, 1, hidden,
                    weights.postLayernorm().weight(), weights.postLayernorm().bias(), config.layerNormEps());
        }
        Map<Task, float[]> logits = new EnumMap<>(Task.class);
        for (Map.Entry<Task, LinearWeights> head : weights.heads().entrySet()) {
            LinearWeights w = head.getValue();
            // The heads stay FP32 on every backend: 18 outputs, and they decide the labels. One
            // image per call, so that its logits do not depend on its place in the batch.
            for (int b = 0; b < batch; b++) {
                gemm.matmulTransposedB(1, w.out(), w.in(), 1f, ws.pooled, (long) b * w.in(), w.in(), w.weight(), 0,
                        w.in(), 0f, ws.logits, (long) b * w.out(), w.out());
            }
            kernels.addBias(ws.logits, 0, batch, w.out(), w.out(), w.bias());
            logits.put(head.getKey(), copy(ws.logits, (long) batch * w.out()));
        }
        return new ForwardOutput(batch, copy(ws.pooled, (long) batch * hidden), logits, hiddenStates);
    }

    private void layerNorm(MemorySegment in, MemorySegment out, int from, int to, LayerNormWeights w) {
        int hidden = config.hiddenSize();
        kernels.layerNorm(in, (long) from * hidden, out, (long) from * hidden, to - from, hidden, w.weight(), w.bias(),
                config.layerNormEps());
    }

    private static float[] copy(MemorySegment s, long count) {
        return s.asSlice(0, count * Float.BYTES).toArray(ValueLayout.JAVA_FLOAT);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        ws.close();
    }
}
