package dev.vitface.backend;

import dev.vitface.backend.cpu.OpenBlasBackend;
import java.util.List;
import java.util.logging.Logger;

/**
 * Picks the backend once per run and logs which one and why. {@code auto} prefers OpenBLAS and
 * falls back to the Java reference when the native library cannot load; naming a backend that
 * cannot start is an error, never a silent fallback.
 */
public final class BackendSelector {
    public static final List<String> NAMES = List.of("auto", "cpu", "java");
    private static final Logger LOG = Logger.getLogger(BackendSelector.class.getName());

    private BackendSelector() {}

    public static Backend select(String requested, int threads) {
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
