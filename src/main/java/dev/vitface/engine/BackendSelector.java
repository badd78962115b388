package dev.vitface.backend;

import dev.vitface.backend.cpu.OpenBlasBackend;
import dev.vitface.backend.dnnl.Bf16Support;
import dev.vitface.backend.dnnl.OneDnnBf16Backend;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Picks the backend once per run and logs which one and why. {@code auto} prefers OpenBLAS and
 * falls back to the Java reference when the native library cannot load; naming a backend that
 * cannot start is an error, never a silent fallback.
 *
 * <p>Precision {@code bf16} runs the linear layers on oneDNN ({@link OneDnnBf16Backend}) where
 * oneDNN loads and its ISA has BF16 instructions; elsewhere it falls back to FP32 with a logged
 * warning, or fails when {@code strict} (the CLI's {@code --strict-precision}).
 */
public final class BackendSelector {
    public static final List<String> NAMES = List.of("auto", "cpu", "java");
    private static final Logger LOG = Logger.getLogger(BackendSelector.class.getName());

    private BackendSelector() {}

    /** An FP32 backend. */
    public static Backend select(String requested, int threads) {
        return select(requested, Precision.FP32, false, threads);
    }

    /** @param strict throw instead of falling back to FP32 when {@code precision} cannot run here */
    public static Backend select(String requested, Precision precision, boolean strict, int threads) {
        return select(requested, precision, strict, threads, Bf16Support::probe);
    }

    /** {@code bf16Probe} says whether BF16 can run (tests pass one that says no). */
    static Backend select(String requested, Precision precision, boolean strict, int threads, Supplier<Bf16Support> bf16Probe) {
        if (!NAMES.contains(requested)) {
            throw new IllegalArgumentException("unknown backend '" + requested + "'; expected one of " + NAMES);
        }
        return switch (precision) {
            case FP32 -> selectFp32(requested, threads);
            case BF16 -> selectBf16(requested, strict, threads, bf16Probe);
            case TF32 -> throw new IllegalArgumentException("precision tf32 needs a GPU (tensor cores); the CPU runs fp32 or bf16");
        };
    }

    private static Backend selectBf16(String requested, boolean strict, int threads, Supplier<Bf16Support> bf16Probe) {
        String problem;
        if (requested.equals("java")) {
            problem = "the java reference backend computes in FP32 only";
        } else {
            Bf16Support support = bf16Probe.get();
            problem = support.problem();
            if (problem == null) {
                try {
                    return log(new OneDnnBf16Backend(threads), "precision bf16, oneDNN ISA " + support.isa());
                } catch (LinkageError e) {
                    problem = "OpenBLAS could not be loaded (" + e.getMessage() + ")";
                }
            }
        }
        if (strict) {
            throw new IllegalStateException("precision bf16 cannot run here: " + problem
                    + ". Without --strict-precision it falls back to fp32.");
        }
        LOG.warning("precision bf16 falls back to fp32: " + problem);
        return selectFp32(requested, threads);
    }

    private static Backend selectFp32(String requested, int threads) {
        return switch (requested) {
            case "java" -> log(new JavaReferenceBackend(threads), "requested with --backend java");
            case "cpu" -> {
                try {
                    yield log(new OpenBlasBackend(threads), "requested with --backend cpu");
                } catch (LinkageError e) {
                    throw new IllegalStateException("--backend cpu: OpenBLAS could not be loaded (" + e.getMessage()
                            + "). Use --backend java, or check that the openblas linux-x86_64 jar is on the class path.", e);
                }
            }
            case "auto" -> {
                try {
                    yield log(new OpenBlasBackend(threads), "auto: OpenBLAS loaded");
                } catch (LinkageError e) {
                    yield log(new JavaReferenceBackend(threads), "auto: OpenBLAS unavailable (" + e.getMessage()
                            + "); the Java reference is much slower");
                }
            }
            default -> throw new IllegalArgumentException("unknown backend '" + requested + "'; expected one of " + NAMES);
        };
    }

    private static Backend log(Backend backend, String reason) {
        LOG.info(() -> "backend " + backend.name() + ": " + backend.description() + " [" + reason + "]");
        return backend;
    }
}
