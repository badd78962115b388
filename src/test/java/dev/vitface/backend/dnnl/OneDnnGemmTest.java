package dev.vitface.backend.dnnl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The oneDNN Gemm's kernels on attention's shapes (GemmTest holds its results to the Java reference). */
class OneDnnGemmTest {

    @Test
    void attentionShapesRunOptimisedKernelsOnePrimitiveEach() {
        int tokens = 257, headDim = 64, ld = 3 * 1024;
        try (Arena arena = Arena.ofConfined(); DnnlContext context = new DnnlContext(OneDnn.load());
             OneDnnGemm gemm = new OneDnnGemm(context)) {
            MemorySegment qkv = arena.allocate((long) tokens * ld * Float.BYTES, 64);
            MemorySegment scores = arena.allocate((long) tokens * tokens * Float.BYTES, 64);
            MemorySegment context1 = arena.allocate((long) tokens * 1024 * Float.BYTES, 64);
            for (int head = 0; head < 2; head++) { // the second head reuses both primitives
                long q = (long) head * headDim;
                gemm.matmulTransposedB(tokens, tokens, headDim, 0.125f, qkv, q, ld, qkv, q + 1024, ld, 0f, scores, 0, tokens);
                gemm.matmul(tokens, headDim, tokens, 1f, scores, 0, tokens, qkv, q + 2048, ld, 0f, context1, q, 1024);
                gemm.matmulTransposedB(1, tokens, headDim, 0.125f, qkv, q, ld, qkv, q + 1024, ld, 0f, scores, 0, tokens);
            }
            assertEquals(3, gemm.implementations().size(), gemm.implementations().toString());
            assertTrue(gemm.implementations().values().stream().noneMatch(i -> i.contains("ref")),
                    "optimised kernels, not oneDNN's reference: " + gemm.implementations());
        }
    }
}
