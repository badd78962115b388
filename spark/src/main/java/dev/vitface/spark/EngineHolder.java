package dev.vitface.spark;

import dev.vitface.FaceAttributes;
import dev.vitface.preprocess.ImageDecoder;
import dev.vitface.util.FailureText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.imageio.ImageIO;

/**
 * One engine per executor JVM: the first task that needs a model loads it, every later task and
 * partition in the JVM reuses it. Keyed by the weights' SHA-256 and the engine settings (backend,
 * precision, threads, batch), since a JVM may run audits with different settings one after
 * another. Engines live as long as the JVM: the weights stay mapped between tasks, which is the
 * point. {@link FaceAttributes} serialises its forward passes, so tasks sharing it never race.
 */
final class EngineHolder {
    private static final Logger LOG = Logger.getLogger(EngineHolder.class.getName());
    private static final Map<ModelSpec.EngineKey, FaceAttributes> ENGINES = new ConcurrentHashMap<>();
    private static final Map<ModelSpec.EngineKey, AtomicInteger> LOADS = new ConcurrentHashMap<>();

    private EngineHolder() {}

    /** The engine for {@code spec} with {@code threads} CPU threads, loaded on first use in this JVM. */
    static FaceAttributes engine(ModelSpec spec, int threads) {
        ModelSpec.EngineKey key = spec.engineKey(threads);
        FaceAttributes engine = ENGINES.get(key);
        if (engine != null) return engine;
        synchronized (EngineHolder.class) { // one load at a time: a load maps ~1.2 GB and starts a thread pool
            engine = ENGINES.get(key);
            if (engine == null) {
                engine = load(spec, threads, key);
                ENGINES.put(key, engine);
            }
            return engine;
        }
    }

    /** How many times this JVM loaded the engine for {@code key} (1 once it has; tests check it stays 1). */
    static int loadCount(ModelSpec.EngineKey key) {
        AtomicInteger n = LOADS.get(key);
        return n == null ? 0 : n.get();
    }

    private static FaceAttributes load(ModelSpec spec, int threads, ModelSpec.EngineKey key) {
        // ImageIO finds plugins (TwelveMonkeys' WebP reader) through the context class loader; on an
        // executor, only the task threads' loader sees the application jar.
        ImageIO.scanForPlugins();
        Path dir = spec.location().resolve();
        FaceAttributes.Options options = FaceAttributes.Options.defaults()
                .withEngine(spec.engineOptions(threads))
                .withBatchSize(spec.batch())
                .withDecoder(ImageDecoder.defaults());
        FaceAttributes model;
        try {
            model = FaceAttributes.load(dir, options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the model at " + dir + " (" + spec.location() + "): " + FailureText.of(e), e);
        }
        String actual = model.weightsSha256();
        if (!actual.equals(spec.sha256())) {
            model.close();
            throw new IllegalStateException("the model at " + dir + " on this executor has sha256 " + actual
                    + ", the driver expected " + spec.sha256() + ": every executor must see the same model"
                    + " (a stale copy on shared storage?)");
        }
        LOADS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        LOG.info(() -> "loaded the model " + actual.substring(0, 12) + " from " + dir + ": " + model.backendDescription());
        return model;
    }
}
