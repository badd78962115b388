package dev.vitface.backend.cuda;

/**
 * {@code --backend cuda} was asked for where the CUDA backend cannot run (no driver, no device,
 * missing CUDA 13 libraries, a GPU too old for the precision). The message says which and what
 * to do; the CLI prints it as a plain error, never a crash.
 */
public final class CudaUnavailableException extends IllegalStateException {
    public CudaUnavailableException(String reason) {
        super("CUDA backend unavailable: " + reason);
    }
}
