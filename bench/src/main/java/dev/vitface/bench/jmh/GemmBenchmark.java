package dev.vitface.bench.jmh;

import dev.vitface.backend.Parallel;
import dev.vitface.backend.cpu.OpenBlas;
import dev.vitface.backend.cpu.OpenBlasGemm;
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
 * The linear layers of ViT-L/14 as the engine runs them, with {@code rows = batch·257} (the patch
 * embedding: {@code batch·256}). Three ways to use the cores:
 * <ul>
 *   <li>{@code rows}: the row-block schedule (larger batches) — {@code Y[rows, out] = X·Wᵀ}
 *       ({@link OpenBlasGemm#matmulTransposedB}), {@link Parallel#forRange} splitting the rows
 *       into one block per thread, each calling single-threaded OpenBLAS;</li>
 *   <li>{@code features}: the feature-major schedule (small batches) — {@code Yᵀ[out, rows] =
 *       W·Xᵀ} ({@link OpenBlasGemm#matmul}), the output features split into one share per thread;</li>
 *   <li>{@code blas}: one {@code X·Wᵀ} call, threaded by OpenBLAS itself over the same threads.</li>
 * </ul>
 * GFLOP/s = {@code 2·rows·out·in / time}: 2·257·1024·1024 = 0.539 GFLOP per image for q/k/v/out,
 * 2.156 for fc1 and fc2, 0.308 for the patch embedding. Weights here are native buffers, not the
 * mapped file; the forward benchmark covers that.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:-UseProfiledLoopPredicate",
        "--sun-misc-unsafe-memory-access=allow"}) // the last for JMH 1.37 itself, on JDK 24+
@State(Scope.Benchmark)
public class GemmBenchmark {
    /** in → out: q/k/v/out_proj (each), fc1, fc2, the patch embedding (a Conv2d as a GEMM over im2col rows). */
    @Param({"qkvo", "fc1", "fc2", "patch"})
    public String layer;

    @Param({"1", "8"})
    public int batch;

    @Param({"rows", "features", "blas"})
    public String threading;

    /** 0: every core. */
    @Param({"0"})
    public int threads;

    private Arena arena;
    private OpenBlas blas;
    private OpenBlasGemm gemm;
    private Parallel parallel;
    private int rows, out, in;
    private MemorySegment x, w, y; // [rows, in], [out, in], [rows, out] (features: [in, rows], [out, in], [out, rows])

    @Setup
    public void setUp() {
        int n = BenchData.threads(threads);
        switch (layer) {
            case "qkvo" -> { rows = batch * 257; out = 1024; in = 1024; }
            case "fc1" -> { rows = batch * 257; out = 4096; in = 1024; }
            case "fc2" -> { rows = batch * 257; out = 1024; in = 4096; }
            case "patch" -> { rows = batch * 256; out = 1024; in = 3 * 14 * 14; }
            default -> throw new IllegalArgumentException("unknown layer " + layer);
        }
        blas = OpenBlas.load();
        switch (threading) {
            case "rows", "features" -> blas.setThreads(1); // as OpenBlasBackend: the pool supplies the threads
            case "blas" -> blas.setThreads(n);
            default -> throw new IllegalArgumentException("threading is rows, features or blas, not " + threading);
        }
        gemm = new OpenBlasGemm(blas);
        parallel = new Parallel(threading.equals("blas") ? 1 : n);
        arena = Arena.ofShared();
        x = BenchData.floats(arena, (long) rows * in, 1f, 1);
        w = BenchData.floats(arena, (long) out * in, 0.03f, 2); // the seeded recipe's weight scale
        y = arena.allocate((long) rows * out * Float.BYTES, 64);
    }

    @TearDown
    public void tearDown() {
        parallel.close();
        arena.close();
    }

    @Benchmark
    public void linear() {
        if (threading.equals("features")) {
            parallel.forRange(out, (worker, from, to) -> gemm.matmul(to - from, rows, in, 1f,
                    w, (long) from * in, in, x, 0, rows, 0f, y, (long) from * rows, rows));
        } else {
            parallel.forRange(rows, (worker, from, to) -> gemm.matmulTransposedB(to - from, out, in, 1f,
                    x, (long) from * in, in, w, 0, in, 0f, y, (long) from * out, out));
        }
    }
}
