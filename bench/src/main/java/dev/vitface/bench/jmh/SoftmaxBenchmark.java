package dev.vitface.bench.jmh;

import dev.vitface.backend.Precision;
import dev.vitface.backend.RowSoftmax;
import dev.vitface.backend.dnnl.OneDnnBackend;
import dev.vitface.kernels.Kernels;
import dev.vitface.kernels.ScalarKernels;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Attention's softmax on one head's {@code [257, 257]} scores, single-threaded, each call on the
 * same fresh scores (restored before it, as attention's product leaves them): {@code impl=vector}
 * ({@link Kernels#best()}, what the OpenBLAS backend runs), {@code onednn} (oneDNN's softmax
 * primitive, what the oneDNN backends run) and {@code scalar} (the reference twin). Three forks:
 * the vector kernel's speed differs from one JVM to the next (docs/PERFORMANCE.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:-UseProfiledLoopPredicate",
        "--sun-misc-unsafe-memory-access=allow"}) // the last for JMH 1.37 itself, on JDK 24+
@State(Scope.Thread)
public class SoftmaxBenchmark {
    private static final int TOKENS = 257;

    @Param({"vector", "onednn", "scalar"})
    public String impl;

    private OneDnnBackend oneDnn;
    private RowSoftmax softmax;
    private Arena arena;
    private MemorySegment scores, fresh;

    @Setup
    public void setUp() {
        softmax = switch (impl) {
            case "vector" -> Kernels.best()::softmaxRows;
            case "scalar" -> ScalarKernels.INSTANCE::softmaxRows;
            case "onednn" -> {
                oneDnn = new OneDnnBackend(1, Precision.FP32);
                yield oneDnn.softmax();
            }
            default -> throw new IllegalArgumentException("impl is vector, onednn or scalar, not " + impl);
        };
        arena = Arena.ofShared();
        fresh = BenchData.floats(arena, (long) TOKENS * TOKENS, 8f, 7);
        scores = arena.allocate(fresh.byteSize(), 64);
    }

    /** 264 KB copied before a call of tens of microseconds: the copy stays in cache, and outside the timing. */
    @Setup(Level.Invocation)
    public void restore() {
        scores.copyFrom(fresh);
    }

    @TearDown
    public void tearDown() {
        if (oneDnn != null) oneDnn.close();
        arena.close();
    }

    @Benchmark
    public void head() {
        softmax.softmaxRows(scores, 0, TOKENS, TOKENS, TOKENS);
    }
}
