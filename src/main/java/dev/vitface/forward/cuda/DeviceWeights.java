package dev.vitface.forward.cuda;

import static org.bytedeco.cuda.global.cudart.cudaMemcpyHostToDevice;

import dev.vitface.backend.cuda.AddressPointer;
import dev.vitface.backend.cuda.CublasPrecision;
import dev.vitface.backend.cuda.CudaChecks;
import dev.vitface.backend.cuda.DeviceArena;
import dev.vitface.backend.cuda.DeviceBuffer;
import dev.vitface.backend.cuda.Kernel;
import dev.vitface.backend.cuda.KernelLauncher;
import dev.vitface.backend.cuda.LaunchGrid;
import dev.vitface.model.ClipVisionWeights;
import dev.vitface.model.EncoderLayerWeights;
import dev.vitface.model.LayerNormWeights;
import dev.vitface.model.LinearWeights;
import dev.vitface.model.Task;
import dev.vitface.model.VisionConfig;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;

/**
 * The model's weights on the device, uploaded once with {@code cudaMemcpy} straight from the
 * host segments (the mapped safetensors file). Everything is kept as F32; with
 * {@code --precision bf16} each GEMM weight also gets a BF16 copy, made on the device. Two
 * layouts differ from the checkpoint, both so that one GEMM replaces several:
 * q_proj, k_proj and v_proj are stacked into one {@code [3H, H]} weight (output q | k | v side by
 * side, as the CPU path writes them), and the heads into one {@code [labels, H]} weight in
 * {@link Task} order. The heads always run in FP32: they are tiny, and they decide the label.
 */
final class DeviceWeights implements AutoCloseable {
    /** A Linear on the device: weight {@code [out, in]} in the GEMM operand type, bias {@code [out]} F32. */
    record Linear(AddressPointer weight, AddressPointer bias, int out, int in) {}

    record Norm(AddressPointer weight, AddressPointer bias) {}

    record Layer(Norm layerNorm1, Linear qkv, Linear outProj, Norm layerNorm2, Linear fc1, Linear fc2) {}

    final AddressPointer patchEmbedding;    // [H, patchDim], operand type (the Conv2d weight, flattened)
    final AddressPointer classEmbedding;    // [H] f32
    final AddressPointer positionEmbedding; // [tokens, H] f32
    final Norm preLayrnorm;
    final List<Layer> layers;
    final Norm postLayernorm;
    final Linear heads;                     // [labels, H] f32, heads stacked in Task order
    final Map<Task, Integer> labelsPerTask; // in Task order; their sum is heads.out
    private final DeviceArena arena;

    private DeviceWeights(Builder b, List<Layer> layers, Linear heads, Map<Task, Integer> labelsPerTask) {
        this.patchEmbedding = b.patch;
        this.classEmbedding = b.cls;
        this.positionEmbedding = b.pos;
        this.preLayrnorm = b.pre;
        this.layers = List.copyOf(layers);
        this.postLayernorm = b.post;
        this.heads = heads;
        this.labelsPerTask = Collections.unmodifiableMap(labelsPerTask);
        this.arena = b.arena;
    }

    /**
     * Checks every host tensor against the config ({@link ClipVisionWeights#checkSizes}) and that
     * it is native memory, before anything is uploaded: a wrong extent would make cudaMemcpy read
     * past the end of a mapping, and a heap array has no address to copy from.
     */
    static void validate(VisionConfig c, ClipVisionWeights w) {
        w.checkSizes(c);
        requireNative("embeddings.patch_embedding.weight", w.patchEmbedding());
        requireNative("embeddings.class_embedding", w.classEmbedding());
        requireNative("embeddings.position_embedding.weight", w.positionEmbedding());
        requireNative("pre_layrnorm", w.preLayrnorm().weight(), w.preLayrnorm().bias());
        requireNative("post_layernorm", w.postLayernorm().weight(), w.postLayernorm().bias());
        for (int i = 0; i < w.layers().size(); i++) {
            EncoderLayerWeights l = w.layers().get(i);
            String p = "encoder.layers." + i + ".";
            requireNative(p + "layer_norm1", l.layerNorm1().weight(), l.layerNorm1().bias());
            requireNative(p + "layer_norm2", l.layerNorm2().weight(), l.layerNorm2().bias());
            requireNative(p + "self_attn.q_proj", l.qProj().weight(), l.qProj().bias());
            requireNative(p + "self_attn.k_proj", l.kProj().weight(), l.kProj().bias());
            requireNative(p + "self_attn.v_proj", l.vProj().weight(), l.vProj().bias());
            requireNative(p + "self_attn.out_proj", l.outProj().weight(), l.outProj().bias());
            requireNative(p + "mlp.fc1", l.fc1().weight(), l.fc1().bias());
            requireNative(p + "mlp.fc2", l.fc2().weight(), l.fc2().bias());
        }
        for (Map.Entry<Task, LinearWeights> e : w.heads().entrySet()) {
            requireNative(e.getKey().key() + "_head", e.getValue().weight(), e.getValue().bias());
        }
    }

    /** Device bytes the weights take: every tensor as F32, plus BF16 copies of the GEMM weights for bf16. */
    static long deviceBytes(VisionConfig c, ClipVisionWeights w, CublasPrecision precision) {
        long f32 = 0;
        long gemmWeights = (long) c.hiddenSize() * c.patchDim();
        f32 += w.patchEmbedding().byteSize() + w.classEmbedding().byteSize() + w.positionEmbedding().byteSize();
        f32 += 4 * w.preLayrnorm().weight().byteSize();
        for (EncoderLayerWeights l : w.layers()) {
            for (LinearWeights lin : List.of(l.qProj(), l.kProj(), l.vProj(), l.outProj(), l.fc1(), l.fc2())) {
                f32 += lin.weight().byteSize() + lin.bias().byteSize();
                gemmWeights += (long) lin.out() * lin.in();
            }
            f32 += 4 * l.layerNorm1().weight().byteSize();
        }
        for (LinearWeights head : w.heads().values()) f32 += head.weight().byteSize() + head.bias().byteSize();
        return f32 + (precision.usesBf16() ? 2 * gemmWeights : 0);
    }

    /**
     * Uploads on {@code stream}, where the BF16 conversions that read the uploads also run, then
     * synchronises it: the host segments may be unmapped once this returns. The caller has run
     * {@link #validate} on {@code w} first ({@link CudaForwardPass#open} does, before any CUDA call).
     */
    static DeviceWeights upload(VisionConfig c, ClipVisionWeights w, CublasPrecision precision, KernelLauncher launcher,
                                CUstream_st stream) {
        Builder b = new Builder(precision, launcher, stream);
        try {
            int h = c.hiddenSize();
            b.patch = b.operand("patch_embedding", List.of(w.patchEmbedding()));
            b.cls = b.f32("class_embedding", List.of(w.classEmbedding()));
            b.pos = b.f32("position_embedding", List.of(w.positionEmbedding()));
            b.pre = b.norm("pre_layrnorm", w.preLayrnorm());
            b.post = b.norm("post_layernorm", w.postLayernorm());
            List<Layer> layers = new ArrayList<>();
            for (int i = 0; i < w.layers().size(); i++) {
                EncoderLayerWeights l = w.layers().get(i);
                String p = "layers." + i + ".";
                Linear qkv = new Linear(
                        b.operand(p + "qkv_proj.weight", List.of(l.qProj().weight(), l.kProj().weight(), l.vProj().weight())),
                        b.f32(p + "qkv_proj.bias", List.of(l.qProj().bias(), l.kProj().bias(), l.vProj().bias())), 3 * h, h);
                layers.add(new Layer(b.norm(p + "layer_norm1", l.layerNorm1()), qkv, b.linear(p + "out_proj", l.outProj()),
                        b.norm(p + "layer_norm2", l.layerNorm2()), b.linear(p + "fc1", l.fc1()), b.linear(p + "fc2", l.fc2())));
            }
            Map<Task, Integer> labels = new EnumMap<>(Task.class);
            List<MemorySegment> headWeights = new ArrayList<>();
            List<MemorySegment> headBiases = new ArrayList<>();
            for (Task t : Task.values()) {
                LinearWeights head = w.heads().get(t);
                if (head == null) continue;
                labels.put(t, head.out());
                headWeights.add(head.weight());
                headBiases.add(head.bias());
            }
            int totalLabels = labels.values().stream().mapToInt(Integer::intValue).sum();
            Linear heads = new Linear(b.f32("heads.weight", headWeights), b.f32("heads.bias", headBiases), totalLabels, h);
            CudaChecks.cudart(cudart.cudaStreamSynchronize(stream), "cudaStreamSynchronize (weight upload)");
            return new DeviceWeights(b, layers, heads, labels);
        } catch (RuntimeException e) {
            b.arena.close();
            throw e;
        }
    }

    /** Device memory held. */
    long byteSize() {
        return arena.byteSize();
    }

    @Override
    public void close() {
        arena.close();
    }

    private static void requireNative(String name, MemorySegment... segments) {
        for (MemorySegment s : segments) {
            if (!s.isNative()) throw new IllegalArgumentException(name + ": weights must be in native memory to be uploaded");
        }
    }

    /** Uploads tensors into arena-owned buffers; concatenates when given several. */
    private static final class Builder {
        final DeviceArena arena = new DeviceArena();
        final CublasPrecision precision;
        final KernelLauncher launcher;
        final CUstream_st stream;
        AddressPointer patch, cls, pos;
        Norm pre, post;

        Builder(CublasPrecision precision, KernelLauncher launcher, CUstream_st stream) {
            this.precision = precision;
            this.launcher = launcher;
            this.stream = stream;
        }

        Linear linear(String name, LinearWeights l) {
            return new Linear(operand(name + ".weight", List.of(l.weight())), f32(name + ".bias", List.of(l.bias())), l.out(), l.in());
        }

        Norm norm(String name, LayerNormWeights n) {
            return new Norm(f32(name + ".weight", List.of(n.weight())), f32(name + ".bias", List.of(n.bias())));
        }

        /**
         * The host segments, one after the other, in one F32 device buffer. Copied on the pass's
         * stream, not with a blocking cudaMemcpy: from pageable memory that one returns before the
         * data has landed, and on the legacy stream it would not be ordered before the conversions.
         */
        AddressPointer f32(String name, List<MemorySegment> parts) {
            long bytes = parts.stream().mapToLong(MemorySegment::byteSize).sum();
            DeviceBuffer buffer = arena.allocate(name, bytes);
            long offset = 0;
            for (MemorySegment part : parts) {
                CudaChecks.cudart(cudart.cudaMemcpyAsync(buffer.at(offset), new AddressPointer(part.address()), part.byteSize(),
                        cudaMemcpyHostToDevice, stream), "cudaMemcpyAsync(" + name + ", " + part.byteSize() + " bytes to the device)");
                offset += part.byteSize();
            }
            return buffer.pointer();
        }

        /** A GEMM weight in the operand type: the F32 upload itself, or a BF16 copy of it made on the device. */
        AddressPointer operand(String name, List<MemorySegment> parts) {
            AddressPointer f32 = f32(name, parts);
            if (!precision.usesBf16()) return f32;
            long n = parts.stream().mapToLong(MemorySegment::byteSize).sum() / Float.BYTES;
            DeviceBuffer bf16 = arena.allocate(name + " (bf16)", 2 * n);
            launcher.start(Kernel.F32_TO_BF16).ptr(f32).ptr(bf16.pointer()).i64(n).launch(LaunchGrid.elementwise(n));
            return bf16.pointer();
        }
    }
}
