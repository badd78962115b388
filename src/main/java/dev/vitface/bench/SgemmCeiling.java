package dev.vitface.bench;

import dev.vitface.backend.Gemm;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The practical ceiling of the CPU: GFLOP/s of one large sgemm of the model's dominant shape
 * (fc1 at batch 8: {@code [2056, 1024] · [4096, 1024]ᵀ}) on the same library and threads, best of
 * a few runs. The engine's GFLOP/s divided by this says how much of the CPU time is GEMM time.
 */
public final class SgemmCeiling {
    private SgemmCeiling() {}

    public static double measureGflops(Gemm gemm, int m, int n, int k, int runs) {
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
        }
    }

    private static MemorySegment filled(Arena arena, long count) {
        MemorySegment s = arena.allocate(count * Float.BYTES, 64);
        for (long i = 0; i < count; i++) s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) ((i * 2654435761L) % 1000) / 1000f - 0.5f);
        return s;
    }
}
