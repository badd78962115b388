package dev.vitface.forward.cuda;

import static org.bytedeco.cuda.global.cublas.CUBLAS_COMPUTE_32F;
import static org.bytedeco.cuda.global.cudart.CUDA_R_32F;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToHost;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyHostToDevice;
import static org.bytedeco.cuda.global.cudart.cudaStreamNonBlocking;

import dev.vitface.backend.Precision;
import dev.vitface.backend.cuda.AddressPointer;
import dev.vitface.backend.cuda.AttentionOffsets;
import dev.vitface.backend.cuda.Cublas;
import dev.vitface.backend.cuda.CublasPrecision;
import dev.vitface.backend.cuda.CudaAvailability;
import dev.vitface.backend.cuda.CudaChecks;
import dev.vitface.backend.cuda.CudaDevice;
import dev.vitface.backend.cuda.CudaException;
import dev.vitface.backend.cuda.CudaOptions;
import dev.vitface.backend.cuda.CudaUnavailableException;
import dev.vitface.backend.cuda.GemmShape;
import dev.vitface.backend.cuda.GraphCache;
import dev.vitface.backend.cuda.Kernel;
import dev.vitface.backend.cuda.KernelLauncher;
import dev.vitface.backend.cuda.KernelModules;
import dev.vitface.backend.cuda.LaunchGrid;
import dev.vitface.backend.cuda.PinnedBuffer;
import dev.vitface.forward.ForwardInput;
import dev.vitface.forward.ForwardOutput;
import dev.vitface.forward.ForwardPass;
import dev.vitface.model.ClipVisionWeights;
import dev.vitface.model.Task;
import dev.vitface.model.VisionConfig;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * The CLIP vision tower and its heads on one NVIDIA GPU: the device twin of
 * {@link dev.vitface.forward.cpu.VisionTransformer}, step for step (transformers'
 * {@code CLIPVisionTransformer}; docs/REFERENCE.md). The
 * weights are uploaded once, the workspace is allocated once for {@code maxBatch} images, and
 * the whole pass runs on one stream without leaving the device: pixels go up, and only the
 * pooled output and the logits come back (the hidden states too, when asked, for verification).
 * GEMMs run on cuBLAS in the chosen precision ({@link CublasPrecision}); layernorm, softmax, quick_gelu,
 * bias/residual adds and im2col are the NVRTC-compiled kernels of {@link Kernel}. Small batches
 * replay a captured CUDA graph ({@link GraphCache}).
 *
 * <p>Not thread-safe (one workspace), as the {@link ForwardPass} contract says: callers
 * serialise. The host weights must stay mapped only until {@link #open} returns.
 */
public final class CudaForwardPass implements ForwardPass {
    private static final Logger LOG = Logger.getLogger(CudaForwardPass.class.getName());
    private static final double GIB = 1L << 30;

    private final VisionConfig config;
    private final CublasPrecision precision;
    private final CudaDevice device;
    private final int maxBatch;
    private final int scoreStride; // leading dimension of the attention scores and probabilities (WorkspacePlan)
    private final CudaOptions options;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final CUstream_st stream = new CUstream_st();
    private final KernelLauncher launch;
    private final Cublas blas;
    private final DeviceWeights weights;
    private final DeviceWorkspace ws;
    private final PinnedBuffer pinnedPixels;  // [maxBatch, C, S, S] f32
    private final PinnedBuffer pinnedOutputs; // pooled [maxBatch, H] then logits [maxBatch, labels], f32
    private final GraphCache graphs;
    private final PointerPointer<?> keys, queries, scores, values, probs, contexts; // attention pointer arrays (device)
    private final int cublasVersion;
    private final String kernelsDescription;
    private final List<LayerLabels> layerLabels; // built once: a pass names each GEMM in its errors
    private boolean closed;

    /**
     * Opens the model on GPU 0 (choose another with {@code CUDA_VISIBLE_DEVICES}), with options
     * from system properties ({@link CudaOptions#fromSystemProperties()}).
     *
     * @throws IllegalArgumentException  bad arguments or weights that do not match the config (checked first)
     * @throws CudaUnavailableException no usable GPU or CUDA library, or one too old for {@code precision}
     * @throws CudaException             a CUDA call failed
     */
    public static CudaForwardPass open(VisionConfig config, ClipVisionWeights weights, int maxBatch, Precision precision) {
        return open(config, weights, maxBatch, precision, CudaOptions.fromSystemProperties());
    }

    public static CudaForwardPass open(VisionConfig config, ClipVisionWeights weights, int maxBatch, Precision gemmPrecision,
                                       CudaOptions options) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(weights, "weights");
        CublasPrecision precision = CublasPrecision.of(gemmPrecision);
        Objects.requireNonNull(options, "options");
        DeviceWeights.validate(config, weights);
        WorkspacePlan plan = new WorkspacePlan(config, maxBatch, precision, totalLabels(weights));
        CudaAvailability availability = CudaAvailability.probe();
        if (!availability.available()) throw new CudaUnavailableException(availability.reason());
        CudaDevice device = availability.device().orElseThrow();
        if (!precision.supportedOn(device.major(), device.minor())) {
            throw new CudaUnavailableException("--precision " + precision.cliName() + " needs compute capability "
                    + precision.minimumComputeCapability() + " or newer; " + device.name() + " has " + device.computeCapability());
        }
        return new CudaForwardPass(config, weights, plan, precision, device, options);
    }

    private CudaForwardPass(VisionConfig config, ClipVisionWeights hostWeights, WorkspacePlan plan, CublasPrecision precision,
                            CudaDevice device, CudaOptions options) {
        this.config = config;
        this.precision = precision;
        this.device = device;
        this.maxBatch = plan.maxBatch;
        this.scoreStride = plan.scoreStride;
        this.options = options;
        this.layerLabels = IntStream.range(0, config.numHiddenLayers()).mapToObj(LayerLabels::of).toList();
        try {
            makeCurrent();
            checkMemory(plan.total() + DeviceWeights.deviceBytes(config, hostWeights, precision));
            CudaChecks.cudart(cudart.cudaStreamCreateWithFlags(stream, cudaStreamNonBlocking), "cudaStreamCreateWithFlags");
            owned.add(() -> CudaChecks.cudart(cudart.cudaStreamDestroy(stream), "cudaStreamDestroy"));
            KernelModules kernels = KernelModules.forDevice(device);
            launch = own(new KernelLauncher(kernels, stream, options.syncEachLaunch()));
            ws = own(new DeviceWorkspace(plan));
            blas = own(new Cublas(stream, ws.cublasWorkspace, options.syncEachLaunch()));
            weights = own(DeviceWeights.upload(config, hostWeights, precision, launch, stream));
            pinnedPixels = own(PinnedBuffer.allocate("pixel staging", plan.pixels));
            pinnedOutputs = own(PinnedBuffer.allocate("output staging", plan.pooled + plan.logits));
            graphs = own(new GraphCache(stream, CudaOptions.GRAPH_CACHE_SIZE));

            long entries = (long) maxBatch * config.numAttentionHeads();
            keys = ws.attentionPointers.pointerArrayAt(0);
            queries = ws.attentionPointers.pointerArrayAt(8 * entries);
            scores = ws.attentionPointers.pointerArrayAt(16 * entries);
            values = ws.attentionPointers.pointerArrayAt(24 * entries);
            probs = ws.attentionPointers.pointerArrayAt(32 * entries);
            contexts = ws.attentionPointers.pointerArrayAt(40 * entries);
            uploadAttentionPointers();
            cublasVersion = blas.version();
            kernelsDescription = kernels.description();
        } catch (RuntimeException | Error e) {
            closeOwned(e);
            throw e;
        }
        LOG.info(() -> String.format("CUDA forward pass: %s, %s, precision %s, max batch %d, weights %.2f GiB, workspace %.2f GiB, "
                        + "graphs %s; cuBLAS %d; kernels: %s", device.describe(), config.architectureName(), precision.cliName(),
                maxBatch, weights.byteSize() / GIB, ws.byteSize() / GIB,
                options.graphMaxBatch() > 0 ? "for batches <= " + options.graphMaxBatch() : "off", cublasVersion, kernelsDescription));
    }

    @Override
    public int maxBatch() {
        return maxBatch;
    }

    /** One line for logs and reports: device, precision, cuBLAS version. */
    public String description() {
        return "CUDA " + device.describe() + ", " + precision.cliName() + " GEMMs, cuBLAS " + cublasVersion;
    }

    @Override
    public ForwardOutput forward(float[] pixelValues, int batch, boolean keepHiddenStates) {
        if (closed) throw new IllegalStateException("the forward pass is closed");
        ForwardInput.check(config, maxBatch, pixelValues, batch);
        makeCurrent();
        MemorySegment.copy(pixelValues, 0, pinnedPixels.segment(), ValueLayout.JAVA_FLOAT, 0, pixelValues.length);
        List<float[]> hiddenStates = List.of();
        if (keepHiddenStates) {
            hiddenStates = runKeepingHiddenStates(batch);
        } else {
            if (batch <= options.graphMaxBatch()) {
                graphs.launch(batch, () -> enqueue(batch, null));
            } else {
                enqueue(batch, null);
            }
            synchronize();
        }
        return readOutputs(batch, hiddenStates);
    }

    /** Eager run that also copies {@code hidden_states.0 … N} back (verification only; costly). */
    private List<float[]> runKeepingHiddenStates(int batch) {
        long bytes = (long) batch * config.tokens() * config.hiddenSize() * Float.BYTES;
        try (Arena host = Arena.ofConfined()) {
            MemorySegment[] states = new MemorySegment[config.numHiddenLayers() + 1];
            for (int i = 0; i < states.length; i++) states[i] = host.allocate(bytes, 64);
            enqueue(batch, states);
            synchronize();
            List<float[]> out = new ArrayList<>(states.length);
            for (MemorySegment s : states) out.add(s.toArray(ValueLayout.JAVA_FLOAT));
            return out;
        }
    }

    /**
     * Enqueues the whole pass for {@code batch} images on the stream: upload, embeddings, layers,
     * post_layernorm, heads, download into the pinned staging buffer. Nothing here synchronises
     * (except in syncEachLaunch mode), so it can be captured into a graph.
     *
     * @param hiddenStates where to copy {@code hidden_states.k}, or null
     */
    private void enqueue(int batch, MemorySegment[] hiddenStates) {
        VisionConfig c = config;
        int hidden = c.hiddenSize();
        long rows = (long) batch * c.tokens();
        int patchRows = batch * c.gridSize() * c.gridSize();
        copy(ws.pixels.pointer(), pinnedPixels.pointer(), (long) batch * c.numChannels() * c.imageSize() * c.imageSize() * 4,
                cudaMemcpyHostToDevice, "pixel_values");

        // Patch embedding: im2col, one GEMM into `projected`, then CLS + position embeddings into `hidden`.
        launch.start(precision.usesBf16() ? Kernel.IM2COL_BF16 : Kernel.IM2COL_F32).ptr(ws.pixels.pointer())
                .ptr(ws.patches.pointer()).i64(patchRows).i32(c.numChannels()).i32(c.imageSize()).i32(c.patchSize())
                .i32(c.gridSize()).launch(LaunchGrid.rowWise(patchRows, c.patchDim()));
        gemm("patch_embedding", GemmShape.linear(patchRows, hidden, c.patchDim()), weights.patchEmbedding,
                ws.patches.pointer(), CUDA_R_32F, ws.projected.pointer());
        launch.start(Kernel.EMBED_TOKENS).ptr(ws.projected.pointer()).ptr(weights.classEmbedding).ptr(weights.positionEmbedding)
                .ptr(ws.hidden.pointer()).i64(rows).i32(c.tokens()).i32(hidden).launch(LaunchGrid.rowWise(rows, hidden));
        layerNorm(ws.hidden.pointer(), hidden, ws.hidden.pointer(), hidden, rows, weights.preLayrnorm, false);
        saveHidden(hiddenStates, 0, rows);

        for (int i = 0; i < weights.layers.size(); i++) {
            encoderLayer(weights.layers.get(i), layerLabels.get(i), batch);
            saveHidden(hiddenStates, i + 1, rows);
        }

        // post_layernorm of each image's CLS token (row 0 of the image), then the stacked heads in FP32.
        layerNorm(ws.hidden.pointer(), (long) c.tokens() * hidden, ws.pooled.pointer(), hidden, batch, weights.postLayernorm, false);
        DeviceWeights.Linear heads = weights.heads;
        blas.gemm("heads", GemmShape.linear(batch, heads.out(), hidden), CUDA_R_32F, heads.weight(), ws.pooled.pointer(),
                CUDA_R_32F, ws.logits.pointer(), 1f, CUBLAS_COMPUTE_32F);
        launch.start(Kernel.ADD_BIAS_F32).ptr(ws.logits.pointer()).ptr(heads.bias()).i64(batch).i32(heads.out())
                .launch(LaunchGrid.rowWise(batch, heads.out()));
        long logitValues = (long) batch * heads.out();
        copy(pinnedOutputs.pointer(), ws.pooled.pointer(), (long) batch * hidden * 4, cudaMemcpyDeviceToHost, "pooler_output");
        copy(pinnedOutputs.pointer().plus((long) maxBatch * hidden * 4), ws.logits.pointer(), logitValues * 4,
                cudaMemcpyDeviceToHost, "logits");
    }

    /** h = h + out_proj(MHA(layer_norm1(h))); h = h + fc2(quick_gelu(fc1(layer_norm2(h)))). */
    private void encoderLayer(DeviceWeights.Layer layer, LayerLabels at, int batch) {
        VisionConfig c = config;
        int hidden = c.hiddenSize();
        int tokens = c.tokens();
        int headDim = c.headDim();
        long rows = (long) batch * tokens;
        int r = Math.toIntExact(rows);
        boolean bf16 = precision.usesBf16();

        // q | k | v in one GEMM (in the operand type: only attention's GEMMs read it), then the bias.
        layerNorm(ws.hidden.pointer(), hidden, ws.normed.pointer(), hidden, rows, layer.layerNorm1(), bf16);
        gemm(at.qkv(), GemmShape.linear(r, 3 * hidden, hidden), layer.qkv().weight(), ws.normed.pointer(),
                precision.operandType(), ws.qkv.pointer());
        launch.start(bf16 ? Kernel.ADD_BIAS_BF16 : Kernel.ADD_BIAS_F32).ptr(ws.qkv.pointer()).ptr(layer.qkv().bias())
                .i64(rows).i32(3 * hidden).launch(LaunchGrid.rowWise(rows, 3 * hidden));

        // Attention for every (image, head): scores = q·kᵀ / sqrt(headDim), softmax over keys, context = p·v.
        int pairs = batch * c.numAttentionHeads();
        float scale = (float) (1.0 / Math.sqrt(headDim));
        blas.gemmBatched(at.scores(), GemmShape.rowMajor(tokens, tokens, headDim, 3 * hidden, 3 * hidden, scoreStride, true),
                precision.operandType(), keys, queries, CUDA_R_32F, scores, pairs, scale, precision.computeType());
        long scoreRows = (long) pairs * tokens;
        if (bf16) {
            launch.start(Kernel.SOFTMAX_BF16).ptr(ws.scores.pointer()).ptr(ws.probs.pointer()).i64(scoreRows).i32(tokens)
                    .i32(scoreStride).launch(LaunchGrid.warpPerRow(scoreRows));
        } else {
            launch.start(Kernel.SOFTMAX_F32).ptr(ws.scores.pointer()).ptr(ws.scores.pointer()).i64(scoreRows).i32(tokens)
                    .i32(scoreStride).launch(LaunchGrid.warpPerRow(scoreRows));
        }
        blas.gemmBatched(at.context(), GemmShape.rowMajor(tokens, headDim, tokens, scoreStride, 3 * hidden, hidden, false),
                precision.operandType(), values, probs, precision.operandType(), contexts, pairs, 1f, precision.computeType());

        gemm(at.outProj(), GemmShape.linear(r, hidden, hidden), layer.outProj().weight(), ws.context.pointer(), CUDA_R_32F,
                ws.projected.pointer());
        residual(layer.outProj().bias(), rows);

        // MLP: fc1 (in the operand type: only fc2 reads it), bias + quick_gelu in place, fc2, residual.
        int inter = c.intermediateSize();
        layerNorm(ws.hidden.pointer(), hidden, ws.normed.pointer(), hidden, rows, layer.layerNorm2(), bf16);
        gemm(at.fc1(), GemmShape.linear(r, inter, hidden), layer.fc1().weight(), ws.normed.pointer(), precision.operandType(),
                ws.mlp.pointer());
        launch.start(bf16 ? Kernel.BIAS_QUICK_GELU_BF16 : Kernel.BIAS_QUICK_GELU_F32).ptr(ws.mlp.pointer())
                .ptr(layer.fc1().bias()).i64(rows).i32(inter).launch(LaunchGrid.rowWise(rows, inter));
        gemm(at.fc2(), GemmShape.linear(r, hidden, inter), layer.fc2().weight(), ws.mlp.pointer(), CUDA_R_32F,
                ws.projected.pointer());
        residual(layer.fc2().bias(), rows);
    }

    /** A model GEMM in the run's precision: {@code out = input · weightᵀ}. */
    private void gemm(String what, GemmShape shape, Pointer weight, Pointer input, int outType, Pointer out) {
        blas.gemm(what, shape, precision.operandType(), weight, input, outType, out, 1f, precision.computeType());
    }

    /** hidden += projected + bias */
    private void residual(Pointer bias, long rows) {
        launch.start(Kernel.BIAS_RESIDUAL_F32).ptr(ws.hidden.pointer()).ptr(ws.projected.pointer()).ptr(bias).i64(rows)
                .i32(config.hiddenSize()).launch(LaunchGrid.rowWise(rows, config.hiddenSize()));
    }

    /** LayerNorm of {@code rows} rows; output F32, or BF16 when it only feeds a GEMM in bf16 mode. */
    private void layerNorm(Pointer in, long inStride, Pointer out, long outStride, long rows, DeviceWeights.Norm norm,
                           boolean bf16Output) {
        launch.start(bf16Output ? Kernel.LAYERNORM_BF16 : Kernel.LAYERNORM_F32).ptr(in).i64(inStride).ptr(out).i64(outStride)
                .ptr(norm.weight()).ptr(norm.bias()).i32(config.hiddenSize()).f32(config.layerNormEps())
                .launch(LaunchGrid.blockPerRow(rows, config.hiddenSize()));
    }

    private void saveHidden(MemorySegment[] hiddenStates, int k, long rows) {
        if (hiddenStates == null) return;
        copy(new AddressPointer(hiddenStates[k].address()), ws.hidden.pointer(), rows * config.hiddenSize() * 4,
                cudaMemcpyDeviceToHost, "hidden_states." + k);
    }

    private void copy(Pointer dst, Pointer src, long bytes, int kind, String what) {
        CudaChecks.cudart(cudart.cudaMemcpyAsync(dst, src, bytes, kind, stream), "cudaMemcpyAsync(" + what + ")");
    }

    private ForwardOutput readOutputs(int batch, List<float[]> hiddenStates) {
        int hidden = config.hiddenSize();
        MemorySegment out = pinnedOutputs.segment();
        float[] pooled = out.asSlice(0, (long) batch * hidden * 4).toArray(ValueLayout.JAVA_FLOAT);
        int labels = weights.heads.out();
        float[] all = out.asSlice((long) maxBatch * hidden * 4, (long) batch * labels * 4).toArray(ValueLayout.JAVA_FLOAT);
        Map<Task, float[]> logits = new EnumMap<>(Task.class);
        int column = 0;
        for (Map.Entry<Task, Integer> e : weights.labelsPerTask.entrySet()) {
            int n = e.getValue();
            float[] task = new float[batch * n];
            for (int b = 0; b < batch; b++) System.arraycopy(all, b * labels + column, task, b * n, n);
            logits.put(e.getKey(), task);
            column += n;
        }
        return new ForwardOutput(batch, pooled, logits, hiddenStates);
    }

    /**
     * Fills the six attention pointer arrays for {@code maxBatch}; a smaller batch uses their
     * first {@code batch·heads} entries (entries are image-major).
     */
    private void uploadAttentionPointers() {
        AttentionOffsets o = AttentionOffsets.of(maxBatch, config.numAttentionHeads(), config.tokens(), scoreStride,
                config.hiddenSize());
        boolean bf16 = precision.usesBf16();
        int op = precision.operandBytes();
        long qkvBase = ws.qkv.pointer().address();
        long probsBase = (bf16 ? ws.probs : ws.scores).pointer().address();
        long[][] arrays = {
                AttentionOffsets.addresses(qkvBase, o.k(), op),
                AttentionOffsets.addresses(qkvBase, o.q(), op),
                AttentionOffsets.addresses(ws.scores.pointer().address(), o.scores(), Float.BYTES),
                AttentionOffsets.addresses(qkvBase, o.v(), op),
                AttentionOffsets.addresses(probsBase, o.scores(), op),
                AttentionOffsets.addresses(ws.context.pointer().address(), o.context(), op)};
        try (Arena host = Arena.ofConfined()) {
            int entries = o.q().length;
            MemorySegment staging = host.allocate((long) arrays.length * entries * Long.BYTES, 8);
            for (int a = 0; a < arrays.length; a++) {
                MemorySegment.copy(arrays[a], 0, staging, ValueLayout.JAVA_LONG, (long) a * entries * Long.BYTES, entries);
            }
            copy(ws.attentionPointers.pointer(), new AddressPointer(staging.address()), staging.byteSize(), cudaMemcpyHostToDevice,
                    "attention pointer arrays");
            synchronize(); // before the staging memory goes away
        }
    }

    private static int totalLabels(ClipVisionWeights w) {
        return w.heads().values().stream().mapToInt(l -> l.out()).sum();
    }

    /** The runtime's primary context current on this thread: driver-API launches need it, and callers may switch threads. */
    private void makeCurrent() {
        CudaChecks.cudart(cudart.cudaSetDevice(device.index()), "cudaSetDevice(" + device.index() + ")");
    }

    private void synchronize() {
        CudaChecks.cudart(cudart.cudaStreamSynchronize(stream), "cudaStreamSynchronize");
    }

    private void checkMemory(long needed) {
        try (SizeTPointer free = new SizeTPointer(1); SizeTPointer total = new SizeTPointer(1)) {
            CudaChecks.cudart(cudart.cudaMemGetInfo(free, total), "cudaMemGetInfo");
            if (needed > free.get()) {
                throw new IllegalStateException(String.format("%s needs %.2f GiB of GPU memory for max batch %d in %s, but only "
                                + "%.2f GiB of %.2f GiB is free; use a smaller batch", config.architectureName(), needed / GIB,
                        maxBatch, precision.cliName(), free.get() / GIB, total.get() / GIB));
            }
        }
    }

    private <T extends AutoCloseable> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        closeOwned(null);
    }

    /** Frees everything in reverse order of creation; the first failure is rethrown (or added to {@code pending}). */
    private void closeOwned(Throwable pending) {
        RuntimeException first = null;
        if (!owned.isEmpty()) {
            // Work still in flight may use what is about to be freed; free it all the same if this fails.
            int status = cudart.cudaStreamSynchronize(stream);
            if (status != cudart.cudaSuccess) {
                RuntimeException e = CudaChecks.cudartError(status, "cudaStreamSynchronize (closing)");
                if (pending != null) pending.addSuppressed(e); else first = e;
            }
        }
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                if (pending != null) {
                    pending.addSuppressed(e);
                } else if (first == null) {
                    first = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                }
            }
        }
        owned.clear();
        if (first != null) throw first;
    }
}
