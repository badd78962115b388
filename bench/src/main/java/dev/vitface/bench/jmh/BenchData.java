package dev.vitface.bench.jmh;

import dev.vitface.bench.SeededModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** What the benchmarks share: the thread count, filled native buffers, the seeded model. */
final class BenchData {
    /** The default of every {@code model} parameter: where {@code vitface bench --synthetic vit-l14} keeps it. */
    static final String SEEDED_MODEL = "weights/vit-l14-seeded";

    private BenchData() {}

    /** A {@code threads} parameter of 0 means every core, as {@code vitface bench} defaults to. */
    static int threads(int requested) {
        return requested > 0 ? requested : Runtime.getRuntime().availableProcessors();
    }

    /** {@code count} floats, 64-byte aligned like the engine's workspace, uniform in {@code [-range, range)}. */
    static MemorySegment floats(Arena arena, long count, float range, long seed) {
        MemorySegment s = arena.allocate(count * Float.BYTES, 64);
        SplittableRandom random = new SplittableRandom(seed);
        for (long i = 0; i < count; i++) {
            s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) ((random.nextDouble() * 2 - 1) * range));
        }
        return s;
    }

    /**
     * The seeded ViT-L/14 directory, written once when it has no weights yet ({@link SeededModel},
     * the same files {@code vitface bench --synthetic vit-l14} uses). Relative paths resolve
     * against the working directory, so run the benchmarks from the repository root.
     */
    static Path seededModel(String dir) {
        try {
            return SeededModel.ensure(Path.of(dir), "vit-l14", System.err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the seeded model to " + dir, e);
        }
    }
}
