package dev.vitface.backend;

import dev.vitface.kernels.Kernels;
import dev.vitface.kernels.ScalarKernels;

/** Plain Java throughout (double-accumulating GEMM, scalar kernels): the twin every fast path is tested against. */
public final class JavaReferenceBackend implements Backend {
    private final Parallel parallel;

    public JavaReferenceBackend(int threads) {
        this.parallel = new Parallel(threads);
    }

    @Override
    public String name() {
        return "java-reference";
    }

    @Override
    public String description() {
        return "java reference (double-accumulating loops, scalar kernels, " + parallel.threads() + " threads)";
    }

    @Override
    public Gemm gemm() {
        return JavaGemm.INSTANCE;
    }

    @Override
    public Kernels kernels() {
        return ScalarKernels.INSTANCE;
    }

    @Override
    public Parallel parallel() {
        return parallel;
    }
}
