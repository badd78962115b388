package dev.vitface.engine;

import dev.vitface.backend.Backend;
import dev.vitface.backend.JavaReferenceBackend;
import dev.vitface.backend.Precision;
import dev.vitface.backend.cpu.OpenBlas;
import dev.vitface.backend.cuda.CudaAvailability;
import dev.vitface.backend.dnnl.OneDnn;
import dev.vitface.backend.dnnl.OneDnnBackend;
import dev.vitface.forward.ForwardOutput;
import dev.vitface.forward.ForwardPass;
import dev.vitface.forward.cpu.VisionTransformer;
import dev.vitface.forward.cuda.CudaForwardPass;
import dev.vitface.model.ClipVisionWeights;
import dev.vitface.model.VisionConfig;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A forward pass on the backend the options ask for, chosen once and logged with the reason:
 * the CPU {@link VisionTransformer} on a {@link Backend} ({@link BackendSelector}), or the
 * device-resident {@link CudaForwardPass}. Owns what it opened; closing it releases the pool or
 * the GPU memory. Like every {@link ForwardPass}, not thread-safe: callers serialise.
 */
public final class Engine implements ForwardPass {
    private static final Logger LOG = Logger.getLogger(Engine.class.getName());

    private final ForwardPass pass;
    private final Backend cpuBackend; // null on CUDA
    private final BackendKind kind;
    private final Precision precision;
    private final String description;

    private Engine(ForwardPass pass, Backend cpuBackend, BackendKind kind, Precision precision, String description) {
        this.pass = pass;
        this.cpuBackend = cpuBackend;
        this.kind = kind;
        this.precision = precision;
        this.description = description;
    }

    /** The native loads {@link #preloadInBackground} may run (tests pass fakes). */
    interface NativeLoads {
        boolean cudaAvailable();

        boolean openBlasHeldBack();

        void loadOpenBlas();

        void loadOneDnn();
    }

    private static final NativeLoads PROCESS_LOADS = new NativeLoads() {
        @Override
        public boolean cudaAvailable() {
            return CudaAvailability.probe().available();
        }

        @Override
        public boolean openBlasHeldBack() {
            return BackendSelector.openBlasHeldBack();
        }

        @Override
        public void loadOpenBlas() {
            OpenBlas.load();
        }

        @Override
        public void loadOneDnn() {
            OneDnn.load();
        }
    };

    /**
     * Starts loading, on a daemon thread, the native libraries {@link #open} will look for with
     * {@code options}: the CUDA probe (auto, cuda), then the GEMM library {@link BackendSelector}
     * will take ({@link BackendSelector#gemmFor}: OpenBLAS, or oneDNN for bf16, {@code --backend
     * onednn} and the runs {@code auto} gives it). They take a noticeable part of a cold start
     * (oneDNN ~0.2 s) and can load while the caller reads the model directory. Each loads once
     * per process, so {@link #open} finds them loaded or waits for them; a failure here is logged
     * at FINE and left for {@link #open} to meet again and report.
     */
    public static void preloadInBackground(EngineOptions options) {
        Runnable task = preloadTask(options, PROCESS_LOADS);
        if (task != null) Thread.ofPlatform().daemon().name("vitface-preload").start(task);
    }

    /** What {@link #preloadInBackground} runs for {@code options}, or null when there is nothing to load. */
    static Runnable preloadTask(EngineOptions options, NativeLoads loads) {
        BackendKind kind = options.backend();
        if (kind == BackendKind.JAVA) return null;
        boolean probeCuda = kind == BackendKind.AUTO || kind == BackendKind.CUDA;
        return () -> {
            try {
                if (probeCuda && loads.cudaAvailable()) return;
                // Null for cuda: no CPU library to load when the GPU is missing either.
                BackendSelector.NativeGemm gemm = BackendSelector.gemmFor(options, loads::openBlasHeldBack);
                if (gemm == BackendSelector.NativeGemm.OPENBLAS) loads.loadOpenBlas();
                if (gemm == BackendSelector.NativeGemm.ONEDNN) loads.loadOneDnn();
            } catch (LinkageError | RuntimeException e) {
                // open() loads again and reports the failure where the caller sees it; this line
                // is for someone tracing a slow or odd start.
                LOG.log(Level.FINE, "background preload for --backend " + kind.cliName() + " failed: " + e, e);
            }
        };
    }

    /**
     * @throws IllegalArgumentException a backend/precision pair that cannot run (tf32 on the CPU, say)
     * @throws dev.vitface.backend.cuda.CudaUnavailableException {@code cuda} asked for and no usable GPU
     */
    public static Engine open(VisionConfig config, ClipVisionWeights weights, EngineOptions options, int maxBatch) {
        return switch (options.backend()) {
            case CUDA -> cuda(config, weights, options.precision(), maxBatch);
            case CPU, ONEDNN, JAVA -> cpu(config, weights, options, maxBatch);
            case AUTO -> {
                CudaAvailability cuda = CudaAvailability.probe();
                if (cuda.available()) {
                    LOG.info(() -> "auto: using CUDA (" + cuda.describe() + ")");
                    yield cuda(config, weights, options.precision(), maxBatch);
                }
                LOG.info(() -> "auto: CUDA unavailable (" + cuda.reason() + "); using the CPU");
                yield cpu(config, weights, options, maxBatch);
            }
        };
    }

    private static Engine cuda(VisionConfig config, ClipVisionWeights weights, Precision precision, int maxBatch) {
        CudaForwardPass pass = CudaForwardPass.open(config, weights, maxBatch, precision);
        return new Engine(pass, null, BackendKind.CUDA, precision, pass.description());
    }

    private static Engine cpu(VisionConfig config, ClipVisionWeights weights, EngineOptions options, int maxBatch) {
        Backend backend = BackendSelector.select(options);
        try {
            VisionTransformer pass = new VisionTransformer(config, weights, backend, maxBatch);
            return new Engine(pass, backend, ran(backend, options), backend.precision(), backend.description());
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /**
     * The CPU backend as {@code --backend} names it. bf16 always runs oneDNN's matmul and keeps the
     * name it was asked by (cpu or onednn); fp32 on oneDNN is onednn, also when {@code auto} chose it.
     */
    private static BackendKind ran(Backend backend, EngineOptions options) {
        if (backend instanceof JavaReferenceBackend) return BackendKind.JAVA;
        boolean oneDnnFp32 = backend instanceof OneDnnBackend && backend.precision() == Precision.FP32;
        return oneDnnFp32 || options.backend() == BackendKind.ONEDNN ? BackendKind.ONEDNN : BackendKind.CPU;
    }

    /** "cpu", "java" or "cuda": where it runs ({@code auto} resolved). */
    public String backendName() {
        return kind.cliName();
    }

    /** Where it runs ({@code auto} resolved). */
    public BackendKind backend() {
        return kind;
    }

    /** The precision actually running: fp32 where the one asked for fell back. */
    public Precision precision() {
        return precision;
    }

    /** One line for logs and reports. */
    public String description() {
        return description;
    }

    @Override
    public int maxBatch() {
        return pass.maxBatch();
    }

    @Override
    public ForwardOutput forward(float[] pixelValues, int batch, boolean keepHiddenStates) {
        return pass.forward(pixelValues, batch, keepHiddenStates);
    }

    @Override
    public void close() {
        pass.close();
        if (cpuBackend != null) cpuBackend.close();
    }
}
