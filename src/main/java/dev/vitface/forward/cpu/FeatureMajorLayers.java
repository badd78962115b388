package dev.vitface.forward.cpu;

import dev.vitface.backend.Gemm;
import dev.vitface.backend.Parallel;
import dev.vitface.backend.RowSoftmax;
import dev.vitface.kernels.Kernels;
import dev.vitface.model.LayerNormWeights;
import dev.vitface.model.VisionConfig;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * The encoder layers for small batches, on feature-major activations: every buffer holds
 * {@code [features, cols]}, one row per feature and one column per token ({@code cols} =
 * batch·tokens, which is also every row's stride). Each product is split by output features:
 * a worker computes its rows {@code yᵀ = W[its features]·xᵀ}, packing only its share of the
 * weight, and adds bias, activation and residual to those rows while they are in its cache. In
 * this orientation OpenBLAS packs the weight as its B operand, which on the model's 257-token
 * products ran faster than the token-major {@code X·Wᵀ} (measured in docs/PERFORMANCE-HISTORY.md).
 * Layer norms and attention go by tokens. Not thread-safe, like {@link VisionTransformer}.
 */
final class FeatureMajorLayers {
    /** Below this many token rows per worker, a batch takes this schedule. */
    private static final int ROWS_PER_WORKER_BELOW = 256;

    private final VisionConfig config;
    private final List<PreparedLayer> layers;
    private final Workspace ws;
    private final Gemm attentionGemm;
    private final Kernels kernels;
    private final RowSoftmax softmax;
    private final Parallel parallel;
    private final boolean available;

    FeatureMajorLayers(VisionConfig config, List<PreparedLayer> layers, Workspace ws, Gemm attentionGemm, Kernels kernels,
                       RowSoftmax softmax, Parallel parallel) {
        this.config = config;
        this.layers = layers;
        this.ws = ws;
        this.attentionGemm = attentionGemm;
        this.kernels = kernels;
        this.softmax = softmax;
        this.parallel = parallel;
        this.available = layers.stream().allMatch(PreparedLayer::appliesFeatureMajor);
    }

    /**
     * Whether {@code rows} token rows take this schedule: small batches, where row blocks of a
     * hundred rows or so would have every worker pack the whole weight for little compute.
     */
    boolean handles(int rows) {
        return available && rows < ROWS_PER_WORKER_BELOW * parallel.threads();
    }

    /** Whether every linear of the backend computes feature-major, which this schedule needs. */
    boolean available() {
        return available;
    }

    /**
     * Runs every encoder layer from the embedding's output: {@code ws.hidden} after
     * pre_layrnorm, token-major. Leaves
     * the final hidden state token-major in {@code ws.hidden}: every row, or, without hidden
     * states, only each image's CLS row, packed at row b.
     *
     * @return the row stride of the CLS rows in {@code ws.hidden}
     */
    int run(int batch, boolean keepHiddenStates, List<float[]> hiddenStates) {
        int cols = batch * config.tokens();
        transposeInPlace(ws.hidden, cols, config.hiddenSize());
        layerNorm(cols, layers.getFirst().w().layerNorm1());
        qkv(layers.getFirst(), cols);
        for (int l = 0; l < layers.size(); l++) {
            PreparedLayer layer = layers.get(l);
            PreparedLayer next = l + 1 < layers.size() ? layers.get(l + 1) : null;
            if (next == null && !keepHiddenStates) {
                lastLayerForClsColumns(layer, batch);
                return 1;
            }
            attention(batch, config.tokens());
            tail(layer, next, cols);
            if (keepHiddenStates) hiddenStates.add(tokenMajorCopy(ws.hidden, cols));
        }
        transposeInPlace(ws.hidden, config.hiddenSize(), cols);
        return config.tokens();
    }

    /**
     * From the attention output ({@code ws.context}) to the next attention's input:
     * {@code h += out_proj(ctx)}, {@code h += fc2(quick_gelu(fc1(layer_norm2(h))))}, the next
     * layer_norm1 and q/k/v, on {@code cols} columns.
     */
    private void tail(PreparedLayer layer, PreparedLayer next, int cols) {
        int hidden = config.hiddenSize();
        int inter = config.intermediateSize();
        parallel.forRange(hidden, (worker, from, to) -> {
            long at = (long) from * cols;
            layer.out().applyFeatureMajor(ws.context, 0, cols, from, to - from, ws.projected, at);
            kernels.addRowBiasResidual(ws.hidden, at, ws.projected, at, to - from, cols, cols,
                    slice(layer.w().outProj().bias(), from));
        });
        layerNorm(cols, layer.w().layerNorm2());
        parallel.forRange(inter, (worker, from, to) -> {
            long at = (long) from * cols;
            layer.fc1().applyFeatureMajor(ws.normed, 0, cols, from, to - from, ws.mlp, at);
            kernels.addRowBiasQuickGelu(ws.mlp, at, to - from, cols, cols, slice(layer.w().fc1().bias(), from));
        });
        parallel.forRange(hidden, (worker, from, to) -> {
            long at = (long) from * cols;
            layer.fc2().applyFeatureMajor(ws.mlp, 0, cols, from, to - from, ws.projected, at);
            kernels.addRowBiasResidual(ws.hidden, at, ws.projected, at, to - from, cols, cols,
                    slice(layer.w().fc2().bias(), from));
        });
        if (next != null) {
            layerNorm(cols, next.w().layerNorm1());
            qkv(next, cols);
        }
    }

    /** {@code ws.normed = layer_norm(ws.hidden)}, column by column, the tokens split over the workers. */
    private void layerNorm(int cols, LayerNormWeights w) {
        parallel.forRange(cols, (worker, from, to) -> kernels.layerNormColumns(ws.hidden, from, ws.normed, from,
                config.hiddenSize(), to - from, cols, w.weight(), w.bias(), config.layerNormEps()));
    }

    /** q, k, v stacked as the {@code [3·hidden, cols]} rows of {@code ws.qkv}, their 3·hidden features split over the workers. */
    private void qkv(PreparedLayer layer, int cols) {
        int hidden = config.hiddenSize();
        parallel.forRange(3 * hidden, (worker, from, to) -> {
            for (int p = 0; p < 3; p++) {
                int lo = Math.max(from, p * hidden);
                int hi = Math.min(to, (p + 1) * hidden);
                if (lo >= hi) continue;
                int first = lo - p * hidden;
                layer.qkv().get(p).applyFeatureMajor(ws.normed, 0, cols, first, hi - lo, ws.qkv, (long) lo * cols);
                kernels.addRowBias(ws.qkv, (long) lo * cols, hi - lo, cols, cols, slice(layer.qkvBias().get(p), first));
            }
        });
    }

    /**
     * softmax(q·kᵀ / sqrt(headDim)) · v for the first {@code queries} query columns of each image
     * (all its tokens, or its CLS token alone), one (image, head) per task, into {@code ws.context}
     * as {@code [hidden, batch·queries]}: head h's output is {@code vᵀ·Pᵀ}, its 64 feature rows.
     */
    private void attention(int batch, int queries) {
        int tokens = config.tokens();
        int headDim = config.headDim();
        int heads = config.numAttentionHeads();
        int cols = batch * tokens;
        int contextCols = batch * queries;
        parallel.forEachItem(batch * heads, (worker, item) -> {
            int b = item / heads;
            int h = item % heads;
            long q = qRows(h, cols) + (long) b * tokens;
            long scores = scores(worker, q, cols, queries);
            attentionGemm.matmulTransposedB(headDim, queries, tokens, 1f, ws.qkv, vRows(q, cols), cols, ws.scores, scores, tokens,
                    0f, ws.context, (long) h * headDim * contextCols + (long) b * queries, contextCols);
        });
    }

    /**
     * The last layer for the CLS columns alone, which is all the heads read (see
     * {@link VisionTransformer}): attention for each image's CLS query, then the tail on
     * {@code batch} packed columns, left token-major in rows {@code [0, batch)} of {@code ws.hidden}.
     */
    private void lastLayerForClsColumns(PreparedLayer layer, int batch) {
        int tokens = config.tokens();
        int hidden = config.hiddenSize();
        int cols = batch * tokens;
        attention(batch, 1);
        for (int f = 0; f < hidden; f++) {
            for (int b = 0; b < batch; b++) {
                float cls = ws.hidden.getAtIndex(ValueLayout.JAVA_FLOAT, (long) f * cols + (long) b * tokens);
                ws.projected.setAtIndex(ValueLayout.JAVA_FLOAT, (long) f * batch + b, cls);
            }
        }
        MemorySegment.copy(ws.projected, 0, ws.hidden, 0, (long) hidden * batch * Float.BYTES);
        tail(layer, null, batch);
        transposeInPlace(ws.hidden, hidden, batch);
    }

    /** Float offset of head h's first query row in {@code ws.qkv}. */
    private long qRows(int h, int cols) {
        return (long) h * config.headDim() * cols;
    }

    /** Float offset of the value rows matching the query rows at {@code q}. */
    private long vRows(long q, int cols) {
        return q + 2L * config.hiddenSize() * cols;
    }

    /**
     * Softmaxed scores of {@code queries} queries (the columns from {@code q}) against all of
     * their image's keys, in this worker's {@code [tokens, tokens]} block of {@code ws.scores}.
     *
     * @return the block's float offset
     */
    private long scores(int worker, long q, int cols, int queries) {
        int tokens = config.tokens();
        long scores = (long) worker * tokens * tokens;
        float scale = (float) (1.0 / Math.sqrt(config.headDim()));
        attentionGemm.matmulTransposedA(queries, tokens, config.headDim(), scale, ws.qkv, q, cols,
                ws.qkv, q + (long) config.hiddenSize() * cols, cols, 0f, ws.scores, scores, tokens);
        softmax.softmaxRows(ws.scores, scores, queries, tokens, tokens);
        return scores;
    }

    /** The {@code [rows, cols]} matrix at the start of {@code s} becomes {@code [cols, rows]}, through {@code ws.projected}. */
    private void transposeInPlace(MemorySegment s, int rows, int cols) {
        kernels.transpose(s, 0, rows, cols, cols, ws.projected, 0, rows);
        MemorySegment.copy(ws.projected, 0, s, 0, (long) rows * cols * Float.BYTES);
    }

    /** The feature-major hidden state as a token-major {@code [cols, hidden]} array. */
    private float[] tokenMajorCopy(MemorySegment s, int cols) {
        int hidden = config.hiddenSize();
        kernels.transpose(s, 0, hidden, cols, cols, ws.projected, 0, hidden);
        return ws.projected.asSlice(0, (long) cols * hidden * Float.BYTES).toArray(ValueLayout.JAVA_FLOAT);
    }

    private static MemorySegment slice(MemorySegment bias, int first) {
        return bias.asSlice((long) first * Float.BYTES);
    }
}
