package dev.vitface.bench.jmh;

import dev.vitface.backend.Backend;
import dev.vitface.backend.Gemm;
import dev.vitface.backend.Parallel;
import dev.vitface.backend.Precision;
import dev.vitface.backend.RowSoftmax;
import dev.vitface.backend.cpu.OpenBlasBackend;
import dev.vitface.backend.dnnl.OneDnnBackend;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * One encoder layer's attention, {@code softmax(q·kᵀ / 8)·v} for 16 heads of 64 over 257 tokens
 * per image, scheduled as the model does it (those methods are private): one (image, head) per
 * task on the backend's pool, each task two single-threaded sgemm calls and the backend's softmax
 * in a per-worker {@code [257, 257]} scratch; {@code backend=openblas} (OpenBLAS and the vector
 * kernels' softmax) or {@code onednn} (oneDNN's F32 matmul and softmax, what {@code auto} runs).
 * {@code token-major} is the row-block schedule's layout ({@code q·kᵀ}, then {@code P·v});
 * {@code feature-major} the small-batch schedule's ({@code qᵀᵀ·kᵀ}, then {@code vᵀ·Pᵀ}).
 * 2·2·257²·1024 = 0.271 GFLOP per image.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:-UseProfiledLoopPredicate",
        "--sun-misc-unsafe-memory-access=allow"}) // the last for JMH 1.37 itself, on JDK 24+
@State(Scope.Benchmark)
public class AttentionBenchmark {
    private static final int TOKENS = 257;
    private static final int HIDDEN = 1024;
    private static final int HEADS = 16;
    private static final int HEAD_DIM = HIDDEN / HEADS;

    @Param({"1", "8"})
    public int batch;

    @Param({"token-major", "feature-major"})
    public String layout;

    @Param({"openblas", "onednn"})
    public String backend;

    /** 0: every core. */
    @Param({"0"})
    public int threads;

    private Backend engine;
    private Gemm gemm;
    private RowSoftmax softmax;
    private Parallel parallel;
    private Arena arena;
    private MemorySegment qkv, scores, context; // [B·tokens, 3·hidden], [workers, tokens, tokens], [B·tokens, hidden]

    @Setup
    public void setUp() {
        engine = switch (backend) {
            case "openblas" -> new OpenBlasBackend(BenchData.threads(threads));
            case "onednn" -> new OneDnnBackend(BenchData.threads(threads), Precision.FP32);
            default -> throw new IllegalArgumentException("backend is openblas or onednn, not " + backend);
        };
        gemm = engine.gemm();
        softmax = engine.softmax();
        parallel = engine.parallel();
        arena = Arena.ofShared();
        // Roughly LayerNorm-scaled activations through 0.03-scale weights.
        qkv = BenchData.floats(arena, (long) batch * TOKENS * 3 * HIDDEN, 1f, 1);
        scores = arena.allocate((long) parallel.threads() * TOKENS * TOKENS * Float.BYTES, 64);
        context = arena.allocate((long) batch * TOKENS * HIDDEN * Float.BYTES, 64);
    }

    @TearDown
    public void tearDown() {
        engine.close();
        arena.close();
    }

    @Benchmark
    public void layer() {
        if (layout.equals("feature-major")) {
            featureMajor();
            return;
        }
        int ld = 3 * HIDDEN;
        float scale = (float) (1.0 / Math.sqrt(HEAD_DIM));
        parallel.forEachItem(batch * HEADS, (worker, item) -> {
            int b = item / HEADS;
            int h = item % HEADS;
            long q = (long) b * TOKENS * ld + (long) h * HEAD_DIM;
            long s = (long) worker * TOKENS * TOKENS;
            gemm.matmulTransposedB(TOKENS, TOKENS, HEAD_DIM, scale, qkv, q, ld, qkv, q + HIDDEN, ld,
                    0f, scores, s, TOKENS);
            softmax.softmaxRows(scores, s, TOKENS, TOKENS, TOKENS);
            gemm.matmul(TOKENS, HEAD_DIM, TOKENS, 1f, scores, s, TOKENS, qkv, q + 2L * HIDDEN, ld,
                    0f, context, (long) b * TOKENS * HIDDEN + (long) h * HEAD_DIM, HIDDEN);
        });
    }

    /** {@code qkv} read as {@code [3·hidden, B·tokens]}, the context written as {@code [hidden, B·tokens]}. */
    private void featureMajor() {
        int cols = batch * TOKENS;
        float scale = (float) (1.0 / Math.sqrt(HEAD_DIM));
        parallel.forEachItem(batch * HEADS, (worker, item) -> {
            int b = item / HEADS;
            int h = item % HEADS;
            long q = (long) h * HEAD_DIM * cols + (long) b * TOKENS;
            long s = (long) worker * TOKENS * TOKENS;
            gemm.matmulTransposedA(TOKENS, TOKENS, HEAD_DIM, scale, qkv, q, cols, qkv, q + (long) HIDDEN * cols, cols,
                    0f, scores, s, TOKENS);
            softmax.softmaxRows(scores, s, TOKENS, TOKENS, TOKENS);
            gemm.matmulTransposedB(HEAD_DIM, TOKENS, TOKENS, 1f, qkv, q + 2L * HIDDEN * cols, cols, scores, s, TOKENS,
                    0f, context, q, cols);
        });
    }
}
