package dev.vitface.forward.cpu;

import dev.vitface.backend.Epilogue;
import dev.vitface.backend.Parallel;
import dev.vitface.backend.PreparedLinear;
import dev.vitface.kernels.Kernels;
import dev.vitface.model.LayerNormWeights;
import dev.vitface.model.LinearWeights;
import dev.vitface.model.VisionConfig;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The step between two attentions (out_proj and residual, layer_norm2, fc1 and quick-GELU, fc2
 * and residual, the next layer_norm1, q/k/v) for batches too small for row blocks of useful
 * size, on the same token-major buffers as the row blocks: each product is split by output
 * features, every worker computing all rows of its part ({@link PreparedLinear#columnParts}),
 * so that it streams only its share of the weights; the layer norms go by rows; a barrier
 * follows each step. At one image on 2 cores, oneDNN's fp32 products ran 5-10 % faster this way
 * than on 128-row blocks over the whole weights, the whole pass 2-4 % (docs/PERFORMANCE.md).
 * Available when every product of every layer splits into one part per worker. Not
 * thread-safe, like {@link VisionTransformer}.
 */
final class ColumnSplitTail {
    /** Below this many token rows per worker, a batch takes this schedule. */
    private static final int ROWS_PER_WORKER_BELOW = 256;

    /** A worker's part of a product: its linear and the first output feature it computes. */
    private record Part(int first, PreparedLinear linear) {}

    /** One layer's products split into parts, one per worker; q, k and v each so. */
    private record LayerParts(List<List<Part>> qkv, List<Part> out, List<Part> fc1, List<Part> fc2) {}

    private final VisionConfig config;
    private final List<PreparedLayer> layers;
    private final Workspace ws;
    private final Kernels kernels;
    private final Parallel parallel;
    /** Per layer, or empty when some product does not split. */
    private final List<LayerParts> parts;

    ColumnSplitTail(VisionConfig config, List<PreparedLayer> layers, Workspace ws, Kernels kernels, Parallel parallel) {
        this.config = config;
        this.layers = layers;
        this.ws = ws;
        this.kernels = kernels;
        this.parallel = parallel;
        this.parts = parallel.threads() > 1 ? split(layers, parallel.threads()) : List.of();
    }

    private static List<LayerParts> split(List<PreparedLayer> layers, int workers) {
        List<LayerParts> result = new ArrayList<>(layers.size());
        for (PreparedLayer layer : layers) {
            List<List<Part>> qkv = layer.qkv().stream().map(linear -> parts(linear, workers)).toList();
            List<Part> out = parts(layer.out(), workers);
            List<Part> fc1 = parts(layer.fc1(), workers);
            List<Part> fc2 = parts(layer.fc2(), workers);
            if (Stream.concat(qkv.stream(), Stream.of(out, fc1, fc2)).anyMatch(List::isEmpty)) return List.of();
            result.add(new LayerParts(qkv, out, fc1, fc2));
        }
        return List.copyOf(result);
    }

    private static List<Part> parts(PreparedLinear linear, int workers) {
        List<Part> result = new ArrayList<>(workers);
        int first = 0;
        for (PreparedLinear part : linear.columnParts(workers)) {
            result.add(new Part(first, part));
            first += part.out();
        }
        return List.copyOf(result);
    }

    /** Whether every product splits, which this schedule needs. */
    boolean available() {
        return !parts.isEmpty();
    }

    /** Whether {@code rows} token rows take this schedule: small batches, where row blocks would be ~a hundred rows. */
    boolean handles(int rows) {
        return available() && rows < ROWS_PER_WORKER_BELOW * parallel.threads();
    }

    /** The first layer's layer_norm1 and q/k/v of {@code rows} rows, from {@code ws.hidden} after pre_layrnorm. */
    void firstQkv(int rows) {
        layerNorm(rows, layers.getFirst().w().layerNorm1());
        qkv(0, rows);
    }

    /**
     * Layer {@code l} from its attention output ({@code ws.context}) to the next layer's q/k/v:
     * {@code h += out_proj(ctx)}, {@code h += fc2(quick_gelu(fc1(layer_norm2(h))))}, the next
     * layer_norm1 and q/k/v, on {@code rows} rows.
     */
    void tail(int l, int rows) {
        int hidden = config.hiddenSize();
        int inter = config.intermediateSize();
        PreparedLayer layer = layers.get(l);
        LayerParts split = parts.get(l);
        products(split.out(), Epilogue.BIAS_RESIDUAL, layer.w().outProj(), ws.context, rows, ws.hidden, 0, hidden);
        layerNorm(rows, layer.w().layerNorm2());
        products(split.fc1(), Epilogue.BIAS_QUICK_GELU, layer.w().fc1(), ws.normed, rows, ws.mlp, 0, inter);
        products(split.fc2(), Epilogue.BIAS_RESIDUAL, layer.w().fc2(), ws.mlp, rows, ws.hidden, 0, hidden);
        if (l + 1 < layers.size()) {
            layerNorm(rows, layers.get(l + 1).w().layerNorm1());
            qkv(l + 1, rows);
        }
    }

    /** q | k | v side by side in {@code ws.qkv}, each worker its part of all three. */
    private void qkv(int l, int rows) {
        int hidden = config.hiddenSize();
        PreparedLayer layer = layers.get(l);
        List<LinearWeights> weights = List.of(layer.w().qProj(), layer.w().kProj(), layer.w().vProj());
        parallel.forRange(parallel.threads(), (worker, from, to) -> {
            for (int p = 0; p < 3; p++) {
                List<Part> split = parts.get(l).qkv().get(p);
                for (int part = from; part < to; part++) {
                    product(split.get(part), Epilogue.BIAS, weights.get(p), ws.normed, rows, ws.qkv, p * hidden, 3 * hidden);
                }
            }
        });
    }

    /** Every part of one product, one per worker, into y's columns from {@code column}, rows {@code ldy} apart. */
    private void products(List<Part> split, Epilogue epilogue, LinearWeights w, MemorySegment x, int rows,
                          MemorySegment y, int column, int ldy) {
        parallel.forRange(split.size(), (worker, from, to) -> {
            for (int part = from; part < to; part++) product(split.get(part), epilogue, w, x, rows, y, column, ldy);
        });
    }

    private static void product(Part part, Epilogue epilogue, LinearWeights w, MemorySegment x, int rows,
                                MemorySegment y, int column, int ldy) {
        MemorySegment bias = w.bias().asSlice((long) part.first() * Float.BYTES);
        if (!part.linear().applyFused(x, 0, rows, y, column + part.first(), ldy, epilogue, bias)) {
            throw new IllegalStateException("a column part took no fused epilogue, which columnParts promises");
        }
    }

    /** {@code ws.normed = layer_norm(ws.hidden)}, the rows split over the workers. */
    private void layerNorm(int rows, LayerNormWeights w) {
        int hidden = config.hiddenSize();
        parallel.forRange(rows, (worker, from, to) -> kernels.layerNorm(ws.hidden, (long) from * hidden, ws.normed,
                (long) from * hidden, to - from, hidden, w.weight(), w.bias(), config.layerNormEps()));
    }
}
