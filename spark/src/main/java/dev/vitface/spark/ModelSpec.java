package dev.vitface.spark;

import dev.vitface.backend.Precision;
import dev.vitface.engine.BackendKind;
import dev.vitface.engine.EngineOptions;
import dev.vitface.engine.Workload;
import java.io.Serializable;
import java.util.Objects;

/**
 * The model an audit runs and how, as the driver hands it to every task.
 *
 * @param location        where each JVM finds the model directory
 * @param sha256          the SHA-256 of {@code model.safetensors} the driver expects; every
 *                        executor checks the copy it loaded against it
 * @param backend         a {@link BackendKind} name, as {@code --backend} takes it
 * @param precision       {@link Precision#NAMES}
 * @param strictPrecision fail instead of falling back to fp32
 * @param batch           faces per forward pass
 */
public record ModelSpec(ModelLocation location, String sha256, String backend, String precision,
                        boolean strictPrecision, int batch) implements Serializable {

    public ModelSpec {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(sha256, "sha256");
        BackendKind.parse(backend); // a bad name fails here, on the driver, not in every task
        Precision.parse(precision);
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    }

    EngineOptions engineOptions(int threads) {
        // An executor classifies partition after partition with one engine: a long run.
        return new EngineOptions(BackendKind.parse(backend), Precision.parse(precision), threads, strictPrecision,
                Workload.OPEN_ENDED);
    }

    /** What makes two loaded engines interchangeable: the same weights, run the same way. */
    record EngineKey(String sha256, String backend, String precision, boolean strictPrecision, int threads, int batch) {}

    EngineKey engineKey(int threads) {
        return new EngineKey(sha256, backend, precision, strictPrecision, threads, batch);
    }
}
