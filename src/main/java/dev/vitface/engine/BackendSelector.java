package dev.vitface.engine;

import dev.vitface.backend.Backend;
import dev.vitface.backend.JavaReferenceBackend;
import dev.vitface.backend.Precision;
import dev.vitface.backend.cpu.CoreTypeOverride;
import dev.vitface.backend.cpu.OpenBlasBackend;
import dev.vitface.backend.dnnl.Bf16Support;
import dev.vitface.backend.dnnl.OneDnnBackend;
import dev.vitface.backend.dnnl.WeightLayout;
import dev.vitface.kernels.Kernels;
import dev.vitface.util.FailureText;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Picks the CPU backend once per run and logs which one and why ({@link Engine} decides between
 * the GPU and the CPU first). {@code auto} takes OpenBLAS for a few images and oneDNN for many
 * images or a server; where OPENBLAS_CORETYPE slows OpenBLAS down, oneDNN for every run, reading
 * the weights in place for a few images ({@link Workload}). It falls back to OpenBLAS when oneDNN
 * cannot load and to the Java reference when OpenBLAS cannot.
 * Naming a backend that cannot start is an error, never a silent fallback.
 *
 * <p>{@code onednn} runs the FP32 linear layers on oneDNN's matmul ({@link OneDnnBackend}) instead of
 * OpenBLAS's sgemm.
 *
 * <p>Precision {@code bf16} runs the linear layers on oneDNN ({@link OneDnnBackend}) where
 * oneDNN loads and its ISA has BF16 instructions; elsewhere it falls back to FP32 with a logged
 * warning, or fails when {@code strict} (the CLI's {@code --strict-precision}). Precision
 * {@code tf32} is a tensor-core mode: asked for on the CPU by name it is an error; reached through
 * {@code auto} on a machine without a usable GPU it falls back to FP32 like any other precision.
 * A fallback to FP32 under {@code auto} picks its GEMM as an FP32 run of the same workload would.
 */
public final class BackendSelector {
    private static final Logger LOG = Logger.getLogger(BackendSelector.class.getName());

    private BackendSelector() {}

    /** Opens the BF16 backend on {@code threads} threads with {@code kernels} (tests pass ones that fail). */
    interface Bf16Opener {
        Backend open(int threads, Kernels kernels);
    }

    /** The backend {@code options} ask for (their CPU side: CUDA was ruled out before). */
    public static Backend select(EngineOptions options) {
        return select(options.backend(), options.precision(), options.strictPrecision(), options.threads(),
                options.workload(), Bf16Support::probe, (threads, kernels) -> new OneDnnBackend(threads, Precision.BF16, kernels));
    }

    /** The native GEMM library a CPU backend runs on. */
    enum NativeGemm { OPENBLAS, ONEDNN }

    /**
     * The library {@link #select} opens first for {@code options} (a fallback may open the other),
     * deciding {@code auto} as it does; null for the Java reference. {@link Engine#preloadInBackground}
     * loads it ahead of the model.
     *
     * @param openBlasHeldBack whether OPENBLAS_CORETYPE holds OpenBLAS back; asked only for {@code auto} in fp32 or tf32
     */
    static NativeGemm gemmFor(EngineOptions options, BooleanSupplier openBlasHeldBack) {
        BackendKind kind = options.backend();
        if (kind == BackendKind.JAVA || kind == BackendKind.CUDA) return null;
        if (options.precision() == Precision.BF16 || kind == BackendKind.ONEDNN) return NativeGemm.ONEDNN;
        if (kind == BackendKind.CPU) return NativeGemm.OPENBLAS;
        // auto in fp32, or in tf32, which falls back to fp32 without a GPU.
        return options.workload().autoGemm(openBlasHeldBack.getAsBoolean()) == Workload.CpuGemm.OPENBLAS
                ? NativeGemm.OPENBLAS : NativeGemm.ONEDNN;
    }

    /** An FP32 backend. */
    public static Backend select(BackendKind kind, int threads) {
        return select(kind, Precision.FP32, false, threads);
    }

    /**
     * @param kind   {@link BackendKind#CPU}, {@link BackendKind#ONEDNN}, {@link BackendKind#JAVA}, or {@link BackendKind#AUTO} (the CPU
     *               side of it: CUDA was ruled out before)
     * @param strict throw instead of falling back to FP32 when {@code precision} cannot run here
     */
    public static Backend select(BackendKind kind, Precision precision, boolean strict, int threads) {
        return select(new EngineOptions(kind, precision, threads, strict));
    }

    /**
     * The element-wise kernels of every CPU backend for {@code workload}: a short run takes those
     * that need no JIT warm-up (the same bits), any other the vector kernels.
     */
    private static Kernels kernelsFor(Workload workload) {
        return workload.isShortRun() ? Kernels.withoutWarmUp() : Kernels.best();
    }

    /**
     * The backend for {@code workload}; {@code bf16Probe} says whether BF16 can run, {@code
     * bf16Backend} opens it (tests pass ones that say no, or fail to load).
     */
    static Backend select(BackendKind kind, Precision precision, boolean strict, int threads,
                          Workload workload, Supplier<Bf16Support> bf16Probe, Bf16Opener bf16Backend) {
        Kernels kernels = kernelsFor(workload);
        if (kind == BackendKind.CUDA) throw new IllegalArgumentException("the CUDA backend is not a CPU backend");
        return switch (precision) {
            case FP32 -> selectFp32(kind, threads, workload, kernels);
            case BF16 -> selectBf16(kind, strict, threads, workload, kernels, bf16Probe, bf16Backend);
            case TF32 -> {
                if (kind != BackendKind.AUTO || strict) {
                    throw new IllegalArgumentException("--precision tf32 needs a GPU (tensor cores); the "
                            + (kind == BackendKind.JAVA ? "java reference" : "CPU") + " backend runs fp32 or bf16");
                }
                LOG.warning("precision tf32 falls back to fp32: no usable GPU");
                yield selectAuto(threads, workload, kernels);
            }
        };
    }

    private static Backend selectBf16(BackendKind kind, boolean strict, int threads, Workload workload, Kernels kernels,
                                      Supplier<Bf16Support> bf16Probe, Bf16Opener bf16Backend) {
        String problem;
        if (kind == BackendKind.JAVA) {
            problem = "the java reference backend computes in FP32 only";
        } else {
            Bf16Support support = bf16Probe.get();
            problem = support.problem();
            if (problem == null) {
                try {
                    return log(bf16Backend.open(threads, kernels), "precision bf16, oneDNN ISA " + support.isa());
                } catch (LinkageError e) {
                    // The backend names the library that failed.
                    problem = FailureText.of(e);
                }
            }
        }
        if (strict) {
            throw new IllegalStateException("precision bf16 cannot run here: " + problem
                    + ". Without --strict-precision it falls back to fp32.");
        }
        LOG.warning("precision bf16 falls back to fp32: " + problem);
        return selectFp32(kind, threads, workload, kernels);
    }

    /** An FP32 backend of {@code kind}; {@code auto} weighs the workload ({@link #selectAuto}). */
    private static Backend selectFp32(BackendKind kind, int threads, Workload workload, Kernels kernels) {
        return switch (kind) {
            case JAVA -> log(new JavaReferenceBackend(threads), "requested with --backend java");
            case CPU -> {
                try {
                    yield log(new OpenBlasBackend(threads, kernels), "requested with --backend cpu");
                } catch (LinkageError e) {
                    throw new IllegalStateException("--backend cpu: " + FailureText.of(e)
                            + ". Use --backend java, or check that the openblas linux-x86_64 jar is on the class path.", e);
                }
            }
            case AUTO -> selectAuto(threads, workload, kernels);
            case ONEDNN -> {
                try {
                    yield log(new OneDnnBackend(threads, Precision.FP32, kernels), "requested with --backend onednn");
                } catch (LinkageError e) {
                    throw new IllegalStateException("--backend onednn: " + FailureText.of(e)
                            + ". Use --backend cpu (OpenBLAS), or check that the dnnl linux-x86_64 jar is on"
                            + " the class path.", e);
                }
            }
            case CUDA -> throw new IllegalArgumentException("the CUDA backend is not a CPU backend");
        };
    }

    /** {@code auto}'s OpenBLAS, or the Java reference where OpenBLAS cannot load. */
    private static Backend selectOpenBlasOrJava(int threads, Kernels kernels) {
        try {
            return log(new OpenBlasBackend(threads, kernels), "auto: OpenBLAS loaded");
        } catch (LinkageError e) {
            return log(new JavaReferenceBackend(threads), "auto: " + FailureText.of(e)
                    + "; the Java reference is much slower");
        }
    }

    /** {@code auto}'s FP32 GEMM for {@code workload} ({@link Workload#autoGemm}). */
    private static Backend selectAuto(int threads, Workload workload, Kernels kernels) {
        return switch (workload.autoGemm(openBlasHeldBack())) {
            case OPENBLAS -> selectOpenBlasOrJava(threads, kernels);
            case ONEDNN_IN_PLACE -> selectOneDnnFirst(threads, workload, kernels, WeightLayout.IN_PLACE);
            case ONEDNN_REORDERED -> selectOneDnnFirst(threads, workload, kernels, WeightLayout.REORDERED);
        };
    }

    /**
     * oneDNN FP32 where it loads, for {@code workload} ({@link Workload}): re-laid out, faster per
     * image, and its result for a row does not depend on how many rows share the call (one row
     * aside, which the forward pass never mixes with others; OneDnnLinearTest), so an image's
     * answer is the same in any batch; in place, it starts about as soon as OpenBLAS and finishes a
     * few images sooner than OpenBLAS held to older kernels. OpenBLAS is the fallback, with a warning.
     */
    private static Backend selectOneDnnFirst(int threads, Workload workload, Kernels kernels, WeightLayout layout) {
        String run = workload.describe();
        String why = workload.serving() ? "serving: oneDNN, whose answer for an image does not depend on its batch"
                : layout == WeightLayout.IN_PLACE
                ? run + " while OPENBLAS_CORETYPE holds OpenBLAS back: oneDNN, reading the weights in place"
                : run + ": oneDNN, whose weights re-laid out once at load make each image faster";
        try {
            return log(new OneDnnBackend(threads, Precision.FP32, kernels, layout), "auto, " + why);
        } catch (LinkageError e) {
            LOG.warning("auto: " + FailureText.of(e) + "; OpenBLAS instead"
                    + (workload.serving() ? ", whose answers for an image may differ in the last bits with the"
                    + " batch it shares" : ""));
            return selectOpenBlasOrJava(threads, kernels);
        }
    }

    /**
     * Whether OPENBLAS_CORETYPE holds OpenBLAS to kernels older than the CPU, read from the variable
     * and the CPU's flags ({@link CoreTypeOverride#variableHoldsBack}): a run it gives to oneDNN never
     * loads OpenBLAS.
     */
    static boolean openBlasHeldBack() {
        return CoreTypeOverride.process().variableHoldsBack();
    }

    private static Backend log(Backend backend, String reason) {
        LOG.info(() -> "backend " + backend.name() + ": " + backend.description() + " [" + reason + "]");
        return backend;
    }
}
