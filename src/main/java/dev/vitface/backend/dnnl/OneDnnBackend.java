package dev.vitface.backend.dnnl;

import dev.vitface.backend.Backend;
import dev.vitface.backend.Gemm;
import dev.vitface.backend.Parallel;
import dev.vitface.backend.Precision;
import dev.vitface.backend.PreparedLinear;
import dev.vitface.backend.RowSoftmax;
import dev.vitface.kernels.Kernels;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CPU backend with its linear layers (and the patch embedding) on oneDNN's matmul, in BF16 or
 * FP32: weights re-laid-out once per layer ({@link OneDnnLinear}; in BF16 also rounded, and the
 * activations rounded per call), or in FP32 read in place ({@link WeightLayout}), F32
 * accumulation and output. Attention's products run on oneDNN's matmul too ({@link OneDnnGemm}),
 * in the backend's precision (in BF16, q, k, v and the probabilities rounded per call), and its
 * softmax on oneDNN's ({@link OneDnnSoftmax}); the heads stay F32 on oneDNN's matmul; layernorm
 * and the epilogues that do not run inside a product on the F32 {@link Kernels}; all on one pool
 * of {@code threads} threads, oneDNN running single-threaded inside it. Nothing here runs on
 * OpenBLAS, so {@code OPENBLAS_CORETYPE} does not touch this backend's speed. oneDNN's OpenMP team
 * size is a per-thread setting, set to one on every thread that runs a oneDNN primitive (the
 * pool's helpers and the thread that calls the forward pass) and left so: a caller that runs its
 * own OpenMP code on that thread sets its team size again.
 *
 * <p>A layer is prepared once per backend: a second {@code prepareLinear} of the same weight (a
 * new forward pass for another batch size) returns the first one, so the re-laid-out weights of
 * ViT-L/14 (~600 MB in BF16, ~1.2 GB in FP32; none in place) exist once. They live until the
 * backend closes.
 */
public final class OneDnnBackend implements Backend {
    private record WeightKey(long address, int out, int in) {}

    private final Precision precision;
    private final WeightLayout layout;
    private final OneDnn dnnl;
    private final CpuIsa isa;
    private final Kernels kernels;
    private final Parallel parallel;
    private final DnnlContext context;
    private final OneDnnGemm gemm;
    private final OneDnnGemm attentionGemm;
    private final OneDnnSoftmax softmax;
    private final Arena weights = Arena.ofShared();
    private final Map<WeightKey, OneDnnLinear> prepared = new ConcurrentHashMap<>();
    private final String implementation;
    private boolean closed;

    /**
     * @param precision {@link Precision#FP32} or {@link Precision#BF16}
     * @throws LinkageError          if oneDNN cannot be loaded
     * @throws IllegalStateException for BF16 if oneDNN's ISA has no BF16 instructions (check {@link Bf16Support#probe()} first)
     */
    public OneDnnBackend(int threads, Precision precision) {
        this(threads, precision, Kernels.best());
    }

    /** With {@code kernels} for the element-wise work that stays outside oneDNN's products; weights re-laid out. */
    public OneDnnBackend(int threads, Precision precision, Kernels kernels) {
        this(threads, precision, kernels, WeightLayout.REORDERED);
    }

    /** @param layout {@link WeightLayout#IN_PLACE} for FP32 only */
    public OneDnnBackend(int threads, Precision precision, Kernels kernels, WeightLayout layout) {
        if (precision != Precision.FP32 && precision != Precision.BF16) {
            throw new IllegalArgumentException("the oneDNN backend runs fp32 or bf16, not " + precision);
        }
        if (layout == WeightLayout.IN_PLACE && precision != Precision.FP32) {
            throw new IllegalArgumentException("only fp32 weights are read in place; " + precision + " ones are reordered");
        }
        this.precision = precision;
        this.layout = layout;
        this.dnnl = OneDnn.load();
        this.isa = dnnl.effectiveIsa();
        if (precision == Precision.BF16 && !isa.hasBf16()) throw new IllegalStateException("oneDNN's ISA " + isa + " has no BF16 instructions");
        this.kernels = kernels;
        this.context = new DnnlContext(dnnl);
        this.gemm = new OneDnnGemm(context);
        this.attentionGemm = precision == Precision.BF16 ? new OneDnnGemm(context, OneDnn.BF16) : gemm;
        this.softmax = new OneDnnSoftmax(context, kernels::softmaxRows);
        this.implementation = OneDnnLinear.implementationFor(context, precision, 4096, 1024);
        this.parallel = new Parallel(threads); // last: its helper threads start here
    }

    @Override
    public String name() {
        return "onednn-" + precision.cliName();
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public String description() {
        return "oneDNN " + dnnl.version() + " " + precision.cliName().toUpperCase(Locale.ROOT) + " matmul (" + implementation + "; ISA " + isa + "; "
                + (layout == WeightLayout.IN_PLACE ? "weights read in place" : "weights re-laid out at load")
                + "), oneDNN " + (precision == Precision.BF16 ? "BF16 matmul for attention, F32 for the heads" : "F32 matmul for attention and heads")
                + ", oneDNN softmax, " + kernels.name() + " kernels; " + parallel.threads()
                + " threads, each running single-threaded oneDNN on its own row block (small batches: its own output features)";
    }

    /** The weight must stay mapped, unchanged, while this backend lives: the layer is keyed by its address (and reads it, in place). */
    @Override
    public PreparedLinear prepareLinear(MemorySegment weight, int out, int in) {
        return prepared.computeIfAbsent(new WeightKey(weight.address(), out, in),
                key -> new OneDnnLinear(context, precision, layout, weights, weight, out, in));
    }

    @Override
    public Gemm gemm() {
        return gemm;
    }

    @Override
    public Kernels kernels() {
        return kernels;
    }

    @Override
    public Gemm attentionGemm() {
        return attentionGemm;
    }

    @Override
    public RowSoftmax softmax() {
        return softmax;
    }

    @Override
    public Parallel parallel() {
        return parallel;
    }

    /** Frees the re-laid-out weights and oneDNN's state; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        parallel.close(); // stops the pool first, so no layer is running when its weights are freed
        prepared.values().forEach(OneDnnLinear::close);
        prepared.clear();
        gemm.close();
        if (attentionGemm != gemm) attentionGemm.close();
        softmax.close();
        context.close();
        weights.close();
    }
}
