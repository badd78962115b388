package dev.vitface.bench.jmh;

import dev.vitface.kernels.Kernels;
import dev.vitface.kernels.ScalarConversions;
import dev.vitface.kernels.ScalarKernels;
import dev.vitface.kernels.VectorConversions;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
 * The element-wise kernels on one image's worth of ViT-L/14 rows, single-threaded, vector
 * ({@link Kernels#best()}) against scalar ({@link ScalarKernels}, the reference twin), and the
 * F16/BF16 → F32 load-time conversions on one {@code [1024, 1024]} weight. Sizes: 257 tokens,
 * hidden 1024, intermediate 4096, one head's {@code [257, 257]} scores. The {@code featureMajor…}
 * kernels are the small-batch schedule's: the same buffers read as {@code [features, tokens]}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:-UseProfiledLoopPredicate",
        "--sun-misc-unsafe-memory-access=allow"}) // the last for JMH 1.37 itself, on JDK 24+
@State(Scope.Thread)
public class KernelBenchmark {
    private static final int TOKENS = 257;
    private static final int HIDDEN = 1024;
    private static final int INTERMEDIATE = 4096;
    private static final long WEIGHT = (long) HIDDEN * HIDDEN;

    @Param({"vector", "scalar"})
    public String impl;

    private Arena arena;
    private Kernels kernels;
    private MemorySegment x, y, gamma, beta;   // [tokens, hidden], LayerNorm weights [hidden]
    private MemorySegment qkv, bias;           // [tokens, 3·hidden] (addBias on the q third), [hidden]
    private MemorySegment scores;              // [tokens, tokens]
    private MemorySegment halves, bfloats, converted; // [hidden, hidden] F16, BF16 and F32

    @Setup
    public void setUp() {
        kernels = switch (impl) {
            case "vector" -> Kernels.best();
            case "scalar" -> ScalarKernels.INSTANCE;
            default -> throw new IllegalArgumentException("impl is vector or scalar, not " + impl);
        };
        if (impl.equals("vector") && kernels == ScalarKernels.INSTANCE) {
            throw new IllegalStateException("the Vector API is not readable in this JVM: vector would measure scalar");
        }
        arena = Arena.ofShared();
        x = BenchData.floats(arena, (long) TOKENS * HIDDEN, 3f, 1);
        y = BenchData.floats(arena, (long) TOKENS * HIDDEN, 1f, 2);
        gamma = BenchData.floats(arena, HIDDEN, 0.1f, 3);
        beta = BenchData.floats(arena, HIDDEN, 0.02f, 4);
        bias = BenchData.floats(arena, HIDDEN, 0.02f, 5);
        qkv = BenchData.floats(arena, (long) TOKENS * 3 * HIDDEN, 1f, 6);
        scores = BenchData.floats(arena, (long) TOKENS * TOKENS, 8f, 7);

        // Weight-like values (|w| < 0.1), so no conversion takes a subnormal or NaN path.
        MemorySegment weights = BenchData.floats(arena, WEIGHT, 0.1f, 10);
        halves = arena.allocate(WEIGHT * 2, 64);
        bfloats = arena.allocate(WEIGHT * 2, 64);
        for (long i = 0; i < WEIGHT; i++) {
            float w = weights.getAtIndex(ValueLayout.JAVA_FLOAT, i);
            halves.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, Float.floatToFloat16(w));
            bfloats.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i, (short) (Float.floatToRawIntBits(w) >>> 16));
        }
        converted = arena.allocate(WEIGHT * Float.BYTES, 64);
    }

    /**
     * The fc1 output for quick-GELU, in a state of its own because it is restored before every
     * call: quick-GELU works in place and, applied again and again, walks every value to zero
     * and into subnormals. A 4 MB copy before a call of about a millisecond is within JMH's
     * advice for per-invocation setup, and the other kernels do not pay for it.
     */
    @State(Scope.Thread)
    public static class Mlp {
        private Arena arena;
        private MemorySegment y, fresh, bias; // [tokens, intermediate] in use and pristine, [intermediate]

        @Setup
        public void setUp() {
            arena = Arena.ofShared();
            fresh = BenchData.floats(arena, (long) TOKENS * INTERMEDIATE, 4f, 8);
            y = arena.allocate(fresh.byteSize(), 64);
            bias = BenchData.floats(arena, INTERMEDIATE, 0.02f, 9);
        }

        @Setup(Level.Invocation)
        public void restore() {
            y.copyFrom(fresh);
        }

        @TearDown
        public void tearDown() {
            arena.close();
        }
    }

    @TearDown
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public void layerNorm() {
        kernels.layerNorm(x, 0, y, 0, TOKENS, HIDDEN, gamma, beta, 1e-5f);
    }

    /** In place; a softmax of a softmax stays in [0, 1], so repeating it changes no code path. */
    @Benchmark
    public void softmax() {
        kernels.softmaxRows(scores, 0, TOKENS, TOKENS, TOKENS);
    }

    @Benchmark
    public void addBiasQuickGelu(Mlp mlp) {
        kernels.addBiasQuickGelu(mlp.y, 0, TOKENS, INTERMEDIATE, mlp.bias);
    }

    /** The q bias onto the q third of the fused q|k|v rows, as the model adds it. */
    @Benchmark
    public void addBias() {
        kernels.addBias(qkv, 0, TOKENS, HIDDEN, 3 * HIDDEN, bias);
    }

    /** {@code h += y + b}; with zero-mean y and b the stream only random-walks. */
    @Benchmark
    public void addBiasResidual() {
        kernels.addBiasResidual(x, 0, y, 0, TOKENS, HIDDEN, bias);
    }

    @Benchmark
    public void featureMajorLayerNorm() {
        kernels.layerNormColumns(x, 0, y, 0, HIDDEN, TOKENS, TOKENS, gamma, beta, 1e-5f);
    }

    @Benchmark
    public void featureMajorAddBiasQuickGelu(Mlp mlp) {
        kernels.addRowBiasQuickGelu(mlp.y, 0, INTERMEDIATE, TOKENS, TOKENS, mlp.bias);
    }

    @Benchmark
    public void featureMajorAddBiasResidual() {
        kernels.addRowBiasResidual(x, 0, y, 0, HIDDEN, TOKENS, TOKENS, bias);
    }

    /** Into and out of the feature-major schedule: {@code [tokens, hidden] → [hidden, tokens]}. */
    @Benchmark
    public void transpose() {
        kernels.transpose(x, 0, TOKENS, HIDDEN, HIDDEN, y, 0, TOKENS);
    }

    @Benchmark
    public void f16ToF32() {
        if (impl.equals("vector")) {
            VectorConversions.f16ToF32(halves, 0, converted, 0, WEIGHT);
        } else {
            ScalarConversions.f16ToF32(halves, 0, converted, 0, WEIGHT);
        }
    }

    @Benchmark
    public void bf16ToF32() {
        if (impl.equals("vector")) {
            VectorConversions.bf16ToF32(bfloats, 0, converted, 0, WEIGHT);
        } else {
            ScalarConversions.bf16ToF32(bfloats, 0, converted, 0, WEIGHT);
        }
    }
}
