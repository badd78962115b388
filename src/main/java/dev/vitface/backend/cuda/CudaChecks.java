package dev.vitface.backend.cuda;

import dev.vitface.util.FailureText;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Turns every status a native call returns into a {@link CudaException} naming the call. On
 * success nothing native is touched; on failure the runtime and driver are asked for their own
 * error name and text (they are loaded: they produced the status).
 */
public final class CudaChecks {
    private CudaChecks() {}

    /** A CUDA runtime ({@code cuda*}) status. */
    public static void cudart(int status, String call) {
        if (status != cudart.cudaSuccess) throw cudartError(status, call);
    }

    public static CudaException cudartError(int status, String call) {
        String name;
        String text;
        try {
            name = string(cudart.cudaGetErrorName(status));
            text = string(cudart.cudaGetErrorString(status));
        } catch (LinkageError e) {
            name = "cudaError " + status;
            text = "(the CUDA runtime could not name it: " + FailureText.of(e) + ")";
        }
        return new CudaException(call, status, name, text, null);
    }

    /** A CUDA driver ({@code cu*}) status: module loading and kernel launches. */
    static void driver(int status, String call) {
        if (status == cudart.CUDA_SUCCESS) return;
        String name = "CUresult " + status;
        String text = null;
        try (PointerPointer<BytePointer> out = new PointerPointer<>(1)) {
            if (cudart.cuGetErrorName(status, out) == cudart.CUDA_SUCCESS) name = out.getString(0);
            if (cudart.cuGetErrorString(status, out) == cudart.CUDA_SUCCESS) text = out.getString(0);
        } catch (LinkageError e) {
            text = "(the CUDA driver could not name it: " + FailureText.of(e) + ")";
        }
        throw new CudaException(call, status, name, text, null);
    }

    /** A cuBLAS status. */
    static void cublas(int status, String call) {
        if (status != 0) throw new CudaException(call, status, StatusNames.cublas(status), StatusNames.cublasHint(status), null);
    }

    /** An NVRTC status; {@code programLog} (may be null) is the compiler's output for the failed program. */
    static void nvrtc(int status, String call, String programLog) {
        if (status != 0) throw new CudaException(call, status, StatusNames.nvrtc(status), null, programLog);
    }

    private static String string(BytePointer p) {
        return p == null || p.isNull() ? "" : p.getString();
    }
}
