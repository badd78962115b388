package dev.vitface.bench.jmh;

import dev.vitface.backend.Backend;
import dev.vitface.backend.Precision;
import dev.vitface.backend.PreparedLinear;
import dev.vitface.engine.BackendKind;
import dev.vitface.engine.BackendSelector;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
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
 * The linear-layer products of ViT-L/14, {@code Y[rows, out] = X[rows, in]·Wᵀ}, through
 * {@link PreparedLinear} exactly as the forward pass calls them: FP32 (OpenBLAS sgemm on the
 * weight in place) against BF16 (oneDNN matmul on the weight rounded and re-laid-out at load).
 * GFLOP/s = {@code 2·rows·out·in / time}.
 *
 * <ul>
 *   <li>{@code oneThread}: one call on one thread, what each pool worker does with its block;</li>
 *   <li>{@code twoWorkers}: the engine's schedule on two threads, each with half the rows.</li>
 * </ul>
 * {@code rows}: 129 is half of batch 1's 257 tokens, 1028 half of batch 8's 2056.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar Bf16MatmulBenchmark} (the fork adds the
 * JVM flags); {@code -p layer=fc1 -p rows=1028} for one shape. BF16 is strict here: on a CPU
 * without BF16 instructions the bf16 rows fail instead of silently measuring FP32.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:-UseProfiledLoopPredicate"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Bf16MatmulBenchmark {

    /** fc1 [4096, 1024], fc2 [1024, 4096], q/k/v/out_proj [1024, 1024], patch embedding [1024, 588]. */
    @Param({"fc1", "fc2", "qkvo", "patch"})
    public String layer;

    @Param({"129", "1028"})
    public int rows;

    @Param({"fp32", "bf16"})
    public String precision;

    private Backend backend;
    private Arena arena;
    private PreparedLinear linear;
    private MemorySegment x;
    private MemorySegment y;
    private int in;
    private int out;

    @Setup(Level.Trial)
    public void setUp() {
        int[] shape = switch (layer) {
            case "fc1" -> new int[] {4096, 1024};
            case "fc2" -> new int[] {1024, 4096};
            case "qkvo" -> new int[] {1024, 1024};
            case "patch" -> new int[] {1024, 588};
            default -> throw new IllegalArgumentException("unknown layer " + layer);
        };
        out = shape[0];
        in = shape[1];
        arena = Arena.ofShared();
        SplittableRandom random = new SplittableRandom(42);
        MemorySegment w = gaussian(random, (long) out * in, 0.02f);
        x = gaussian(random, (long) rows * in, 1f);
        y = arena.allocate((long) rows * out * Float.BYTES, 64);
        backend = BackendSelector.select(BackendKind.CPU, Precision.parse(precision), true, 2);
        linear = backend.prepareLinear(w, out, in);
    }

    @Benchmark
    public void oneThread() {
        linear.apply(x, 0, rows, y, 0, out);
    }

    @Benchmark
    public void twoWorkers() {
        backend.parallel().forRange(rows, (worker, from, to) ->
                linear.apply(x, (long) from * in, to - from, y, (long) from * out, out));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
        arena.close();
    }

    private MemorySegment gaussian(SplittableRandom random, long count, float sigma) {
        MemorySegment s = arena.allocate(count * Float.BYTES, 64);
        for (long i = 0; i < count; i++) s.setAtIndex(ValueLayout.JAVA_FLOAT, i, sigma * (float) random.nextGaussian());
        return s;
    }
}
