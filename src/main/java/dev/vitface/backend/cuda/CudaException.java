package dev.vitface.backend.cuda;

/**
 * A CUDA runtime, driver, cuBLAS or NVRTC call returned an error. The message names the call,
 * the status (symbolic name and number) and the library's own description; a failed NVRTC
 * compilation carries the compiler's program log.
 */
public final class CudaException extends RuntimeException {
    private final String call;
    private final int status;

    CudaException(String call, int status, String statusName, String description, String programLog) {
        super(message(call, status, statusName, description, programLog));
        this.call = call;
        this.status = status;
    }

    /** The failing function, e.g. {@code "cublasGemmEx (fc1, layer 3)"}. */
    public String call() {
        return call;
    }

    /** The numeric status the call returned. */
    public int status() {
        return status;
    }

    static String message(String call, int status, String statusName, String description, String programLog) {
        StringBuilder sb = new StringBuilder(call).append(" failed: ").append(statusName).append(" (").append(status).append(')');
        if (description != null && !description.isBlank() && !description.equals(statusName)) {
            sb.append(": ").append(description);
        }
        if (programLog != null && !programLog.isBlank()) {
            sb.append("\n--- NVRTC program log ---\n").append(programLog.strip());
        }
        return sb.toString();
    }
}
