package dev.vitface.engine;

import dev.vitface.backend.Backend;
import dev.vitface.backend.BackendSelector;
import dev.vitface.backend.Precision;
import dev.vitface.backend.cpu.OpenBlas;
import dev.vitface.backend.cuda.CudaAvailability;
import dev.vitface.backend.cuda.CudaForwardPass;
import dev.vitface.backend.cuda.CudaPrecision;
import dev.vitface.model.ClipVisionWeights;
import dev.vitface.model.ForwardOutput;
import dev.vitface.model.ForwardPass;
import dev.vitface.model.VisionConfig;
import dev.vitface.model.VisionTransformer;
import java.util.logging.Logger;

/**
 * A forward pass on the backend the options ask for, chosen once and logged with the reason:
 * the CPU {@link VisionTransformer} on a {@link Backend}, or the device-resident
 * {@link CudaForwardPass}. Owns what it opened; closing it releases the pool or the GPU memory.
 */
public final class Engine implements ForwardPass {
    private static final Logger LOG = Logger.getLogger(Engine.class.getName());

    private final ForwardPass pass;
    private final Backend cpuBackend; // null on CUDA
    private final String backendName;
    private final Precision precision;
    private final String description;

    private Engine(ForwardPass pass, Backend cpuBackend, String backendName, Precision precision, String description) {
        this.pass = pass;
        this.cpuBackend = cpuBackend;
        this.backendName = backendName;
        this.precision = precision;
        this.description = description;
    }

    /**
     * Starts loading, on a daemon thread, the native libraries {@link #open} will look for with
     * {@code options}: the CUDA probe (auto, cuda), then OpenBLAS (cpu, or auto without a GPU).
     * They take ~0.3 s of a cold start and can load while the caller reads the model directory.
     * Each loads once per process, so {@link #open} finds them loaded or waits for them; a failure
     * here is left for {@link #open} to meet again and report.
     */
    public static void preloadInBackground(EngineOptions options) {
        String backend = options.backend();
        boolean probeCuda = backend.equals("auto") || backend.equals("cuda");
        boolean cpuPossible = backend.equals("auto") || backend.equals("cpu");
        if (!probeCuda && !cpuPossible) return;
        Thread.ofPlatform().daemon().name("vitface-preload").start(() -> {
            try {
                boolean gpu = probeCuda && CudaAvailability.probe().available();
                if (cpuPossible && !gpu) OpenBlas.load();
            } catch (LinkageError | RuntimeException e) {
                // open() loads again, and reports what went wrong where the caller sees it.
            }
        });
    }

    /**
     * @throws IllegalArgumentException a backend/precision pair that cannot run (tf32 on the CPU, say)
     * @throws dev.vitface.backend.cuda.CudaUnavailableException {@code cuda} asked for and no usable GPU
     */
    public static Engine open(VisionConfig config, ClipVisionWeights weights, EngineOptions options, int maxBatch) {
        String backend = options.backend();
        if (backend.equals("auto")) {
            CudaAvailability cuda = CudaAvailability.probe();
            if (cuda.available()) {
                LOG.info(() -> "auto: using CUDA (" + cuda.describe() + ")");
                return cuda(config, weights, options.precision(), maxBatch);
            }
            LOG.info(() -> "auto: CUDA unavailable (" + cuda.reason() + "); using the CPU");
            return cpu(config, weights, "auto", options, maxBatch);
        }
        if (backend.equals("cuda")) return cuda(config, weights, options.precision(), maxBatch);
        return cpu(config, weights, backend, options, maxBatch);
    }

    private static Engine cuda(VisionConfig config, ClipVisionWeights weights, Precision precision, int maxBatch) {
        CudaForwardPass pass = CudaForwardPass.open(config, weights, maxBatch, CudaPrecision.of(precision));
        return new Engine(pass, null, "cuda", precision, pass.description());
    }

    private static Engine cpu(VisionConfig config, ClipVisionWeights weights, String backendName, EngineOptions options,
                              int maxBatch) {
        Precision wanted = options.precision();
        if (wanted == Precision.TF32) {
            // TF32 is a tensor-core mode: asked for on the CPU by name it is a mistake; reached
            // through auto on a machine without a GPU it falls back like any other precision.
            if (!backendName.equals("auto") || options.strictPrecision()) {
                throw new IllegalArgumentException("--precision tf32 needs a GPU (tensor cores); the "
                        + (backendName.equals("java") ? "java reference" : "CPU") + " backend runs fp32 or bf16");
            }
            LOG.warning("precision tf32 falls back to fp32: no usable GPU");
            wanted = Precision.FP32;
        }
        Backend backend = BackendSelector.select(backendName, wanted, options.strictPrecision(), options.threads());
        try {
            VisionTransformer pass = new VisionTransformer(config, weights, backend, maxBatch);
            return new Engine(pass, backend, backend.name(), backend.precision(), backend.description());
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /** "cpu", "java" or "cuda". */
    public String backendName() {
        return backendName;
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
