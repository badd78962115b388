package dev.vitface.backend.cuda;

import static org.bytedeco.cuda.global.cublas.CUBLAS_DEFAULT_MATH;
import static org.bytedeco.cuda.global.cublas.CUBLAS_GEMM_DEFAULT;
import static org.bytedeco.cuda.global.cublas.CUBLAS_POINTER_MODE_HOST;

import org.bytedeco.cuda.cublas.cublasContext;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * One cuBLAS handle bound to the forward pass's stream, with a workspace we own (so cuBLAS
 * allocates nothing while a CUDA graph is being captured) and host-side alpha/beta slots that
 * are reused by every call. Every status is checked and names the GEMM it belongs to.
 */
public final class Cublas implements AutoCloseable {
    /** cuBLAS's recommendation for Hopper: 32 MiB of workspace per handle. */
    public static final long WORKSPACE_BYTES = 32L << 20;

    private final cublasContext handle = new cublasContext();
    private final CUstream_st stream;
    private final boolean syncEachCall;
    private final FloatPointer scalars = new FloatPointer(2);
    private final Pointer alpha;
    private final Pointer beta;
    private boolean created;

    public Cublas(CUstream_st stream, DeviceBuffer workspace, boolean syncEachCall) {
        this.stream = stream;
        this.syncEachCall = syncEachCall;
        this.alpha = new AddressPointer(scalars.address());
        this.beta = new AddressPointer(scalars.address() + Float.BYTES);
        try {
            CudaChecks.cublas(cublas.cublasCreate_v2(handle), "cublasCreate");
            created = true;
            CudaChecks.cublas(cublas.cublasSetStream_v2(handle, stream), "cublasSetStream");
            CudaChecks.cublas(cublas.cublasSetWorkspace_v2(handle, workspace.pointer(), workspace.byteSize()), "cublasSetWorkspace");
            CudaChecks.cublas(cublas.cublasSetPointerMode_v2(handle, CUBLAS_POINTER_MODE_HOST), "cublasSetPointerMode");
            // TF32 only where the compute type asks for it (CUBLAS_COMPUTE_32F_FAST_TF32), never by math mode.
            CudaChecks.cublas(cublas.cublasSetMathMode(handle, CUBLAS_DEFAULT_MATH), "cublasSetMathMode");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** cuBLAS version, e.g. 130100 for 13.1.0. */
    public int version() {
        int[] v = new int[1];
        CudaChecks.cublas(cublas.cublasGetVersion_v2(handle, v), "cublasGetVersion");
        return v[0];
    }

    /**
     * {@code out = alpha · left · op(right)} (see {@link GemmShape}); beta is 0: out is overwritten.
     *
     * @param what names the GEMM in errors, e.g. "fc1, layer 3"
     */
    public void gemm(String what, GemmShape s, int operandType, Pointer right, Pointer left, int outType, Pointer out,
                     float alphaValue, int computeType) {
        scalars.put(0, alphaValue).put(1, 0f);
        CudaChecks.cublas(cublas.cublasGemmEx(handle, s.transA(), s.transB(), s.m(), s.n(), s.k(), alpha,
                right, operandType, s.lda(), left, operandType, s.ldb(), beta, out, outType, s.ldc(),
                computeType, CUBLAS_GEMM_DEFAULT), "cublasGemmEx (" + what + ")");
        afterCall(what);
    }

    /**
     * {@code batch} independent GEMMs of one shape; the three arguments are device arrays of
     * device pointers, one entry per GEMM (cublasGemmBatchedEx), made by
     * {@link DeviceBuffer#pointerArrayAt}. They are {@link PointerPointer}s on purpose: with a
     * plain {@link Pointer}, Java picks the preset's {@code @ByPtrPtr Pointer} overload, whose
     * JNI glue passes cuBLAS the address of a stack slot holding the array's address instead of
     * the array itself (the first q·kᵀ would fault on an illegal address). A
     * {@code PointerPointer} is passed as the {@code void**} it holds.
     */
    public void gemmBatched(String what, GemmShape s, int operandType, PointerPointer<?> rightArray, PointerPointer<?> leftArray,
                            int outType, PointerPointer<?> outArray, int batch, float alphaValue, int computeType) {
        if (batch < 1) throw new IllegalArgumentException(what + ": batch of " + batch + " GEMMs");
        scalars.put(0, alphaValue).put(1, 0f);
        CudaChecks.cublas(cublas.cublasGemmBatchedEx(handle, s.transA(), s.transB(), s.m(), s.n(), s.k(), alpha,
                rightArray, operandType, s.lda(), leftArray, operandType, s.ldb(), beta, outArray, outType, s.ldc(),
                batch, computeType, CUBLAS_GEMM_DEFAULT), "cublasGemmBatchedEx (" + what + ")");
        afterCall(what);
    }

    private void afterCall(String what) {
        if (syncEachCall) CudaChecks.cudart(cudart.cudaStreamSynchronize(stream), "cudaStreamSynchronize after GEMM " + what);
    }

    @Override
    public void close() {
        if (created) {
            created = false;
            CudaChecks.cublas(cublas.cublasDestroy_v2(handle), "cublasDestroy");
        }
        scalars.close();
    }
}
