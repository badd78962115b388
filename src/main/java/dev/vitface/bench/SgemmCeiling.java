package dev.vitface.bench;

import dev.vitface.backend.Gemm;
import dev.vitface.backend.cpu.OpenBlas;
import dev.vitface.backend.cpu.OpenBlasGemm;
import dev.vitface.util.FailureText;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The practical ceiling of the CPU: GFLOP/s of one large OpenBLAS sgemm of the model's dominant
 * shape (fc1 at batch 8: {@code [2056, 1024] · [4096, 1024]ᵀ}), threaded by OpenBLAS itself over
 * the same number of threads, best of a few runs. The engine's GFLOP/s divided by this says how
 * close the whole forward pass comes to pure GEMM speed.
 */
public final class SgemmCeiling {
    private SgemmCeiling() {}

    /** Without OpenBLAS (the java backend on a machine where it does not load), a ceiling that says why. */
    public static Ceiling measure(int threads, int m, int n, int k, int runs) {
        try {
            return new Ceiling("OpenBLAS sgemm [" + m + ", " + n + ", " + k + "] on " + threads + " threads",
                    measureGflops(threads, m, n, k, runs));
        } catch (LinkageError e) {
            return Ceiling.unavailable(FailureText.of(e));
        }
    }

    /** @throws LinkageError when OpenBLAS cannot be loaded */
    public static double measureGflops(int threads, int m, int n, int k, int runs) {
        OpenBlas blas = OpenBlas.load();
        int previous = blas.threads();
        blas.setThreads(threads);
        Gemm gemm = new OpenBlasGemm(blas);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = filled(arena, (long) m * k);
            MemorySegment b = filled(arena, (long) n * k);
            MemorySegment c = arena.allocate((long) m * n * Float.BYTES, 64);
            gemm.matmulTransposedB(m, n, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n); // warm-up: pages, threads
            long best = Long.MAX_VALUE;
            for (int r = 0; r < runs; r++) {
                long start = System.nanoTime();
                gemm.matmulTransposedB(m, n, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n);
                best = Math.min(best, System.nanoTime() - start);
            }
            return 2.0 * m * n * k / best;
        } finally {
            blas.setThreads(previous);
        }
    }

    private static MemorySegment filled(Arena arena, long count) {
        MemorySegment s = arena.allocate(count * Float.BYTES, 64);
        for (long i = 0; i < count; i++) s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) ((i * 2654435761L) % 1000) / 1000f - 0.5f);
        return s;
    }
}
