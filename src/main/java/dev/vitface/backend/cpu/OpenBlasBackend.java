package dev.vitface.backend.cpu;

import dev.vitface.backend.Backend;
import dev.vitface.backend.Gemm;
import dev.vitface.backend.Parallel;
import dev.vitface.kernels.Kernels;

/**
 * OpenBLAS sgemm for the products and the fastest {@link Kernels} for the rest, all on one pool
 * of {@code threads} threads. OpenBLAS is set to one thread: the model hands it row blocks from
 * the pool, so its own threads would only nest and spin beside the Java work. That setting is
 * process-wide: it holds while this backend is open, and closing the backend puts back the
 * count it found ({@link OpenBlas.SingleThreaded}). Opening one where {@code OPENBLAS_CORETYPE}
 * holds OpenBLAS to kernels older than the CPU says so, once per process ({@link CoreTypeOverride}).
 */
public final class OpenBlasBackend implements Backend {
    private final OpenBlas blas;
    private final OpenBlasGemm gemm;
    private final Kernels kernels;
    private final Parallel parallel;
    private final OpenBlas.SingleThreaded singleThreaded;

    /** @throws LinkageError if the native library cannot be loaded */
    public OpenBlasBackend(int threads) {
        this(threads, Kernels.best());
    }

    /** With {@code kernels} for the element-wise work; @throws LinkageError if the native library cannot be loaded */
    public OpenBlasBackend(int threads, Kernels kernels) {
        this.blas = OpenBlas.load();
        CoreTypeOverride.process().check(blas.coreName());
        this.singleThreaded = blas.singleThreaded();
        this.gemm = new OpenBlasGemm(blas);
        this.kernels = kernels;
        this.parallel = new Parallel(threads);
    }

    @Override
    public String name() {
        return "openblas";
    }

    @Override
    public String description() {
        return "OpenBLAS sgemm (core " + blas.coreName() + "; " + blas.config() + "), " + kernels.name()
                + " kernels; " + parallel.threads() + " threads, each calling single-threaded sgemm on its own block of rows"
                + " (small batches: of output features)";
    }

    @Override
    public Gemm gemm() {
        return gemm;
    }

    @Override
    public Kernels kernels() {
        return kernels;
    }

    @Override
    public Parallel parallel() {
        return parallel;
    }

    @Override
    public void close() {
        parallel.close();
        singleThreaded.close();
    }
}
