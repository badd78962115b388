package dev.vitface.backend.cuda;

/**
 * Symbolic names of cuBLAS and NVRTC statuses, from {@code cublas_api.h} and {@code nvrtc.h}
 * (the values the 13.x presets define). Kept in Java so that an error can be named even when the
 * library that would name it is the one that failed, and so the translation is testable without
 * a GPU. The CUDA runtime and driver have ~100 codes each and name them themselves.
 */
final class StatusNames {
    private StatusNames() {}

    static String cublas(int status) {
        return switch (status) {
            case 0 -> "CUBLAS_STATUS_SUCCESS";
            case 1 -> "CUBLAS_STATUS_NOT_INITIALIZED";
            case 3 -> "CUBLAS_STATUS_ALLOC_FAILED";
            case 7 -> "CUBLAS_STATUS_INVALID_VALUE";
            case 8 -> "CUBLAS_STATUS_ARCH_MISMATCH";
            case 11 -> "CUBLAS_STATUS_MAPPING_ERROR";
            case 13 -> "CUBLAS_STATUS_EXECUTION_FAILED";
            case 14 -> "CUBLAS_STATUS_INTERNAL_ERROR";
            case 15 -> "CUBLAS_STATUS_NOT_SUPPORTED";
            case 16 -> "CUBLAS_STATUS_LICENSE_ERROR";
            default -> "CUBLAS_STATUS_" + status;
        };
    }

    /** What each cuBLAS status usually means for this engine: the likely cause, not just the name. */
    static String cublasHint(int status) {
        return switch (status) {
            case 1 -> "the cuBLAS handle was not created or was already destroyed";
            case 3 -> "cuBLAS could not allocate device memory";
            case 7 -> "an invalid argument (size, leading dimension or pointer)";
            case 8 -> "the device lacks a feature the call needs (BF16/TF32 need compute capability 8.0+)";
            case 13 -> "a GEMM kernel failed to run on the device";
            case 14 -> "cuBLAS internal error (often an earlier asynchronous fault)";
            case 15 -> "this type/compute-type combination is not supported";
            default -> "";
        };
    }

    static String nvrtc(int status) {
        return switch (status) {
            case 0 -> "NVRTC_SUCCESS";
            case 1 -> "NVRTC_ERROR_OUT_OF_MEMORY";
            case 2 -> "NVRTC_ERROR_PROGRAM_CREATION_FAILURE";
            case 3 -> "NVRTC_ERROR_INVALID_INPUT";
            case 4 -> "NVRTC_ERROR_INVALID_PROGRAM";
            case 5 -> "NVRTC_ERROR_INVALID_OPTION";
            case 6 -> "NVRTC_ERROR_COMPILATION";
            case 7 -> "NVRTC_ERROR_BUILTIN_OPERATION_FAILURE";
            case 8 -> "NVRTC_ERROR_NO_NAME_EXPRESSIONS_AFTER_COMPILATION";
            case 9 -> "NVRTC_ERROR_NO_LOWERED_NAMES_BEFORE_COMPILATION";
            case 10 -> "NVRTC_ERROR_NAME_EXPRESSION_NOT_VALID";
            case 11 -> "NVRTC_ERROR_INTERNAL_ERROR";
            case 12 -> "NVRTC_ERROR_TIME_FILE_WRITE_FAILED";
            case 13 -> "NVRTC_ERROR_NO_PCH_CREATE_ATTEMPTED";
            case 14 -> "NVRTC_ERROR_PCH_CREATE_HEAP_EXHAUSTED";
            case 15 -> "NVRTC_ERROR_PCH_CREATE";
            case 16 -> "NVRTC_ERROR_CANCELLED";
            case 17 -> "NVRTC_ERROR_TIME_TRACE_FILE_WRITE_FAILED";
            default -> "NVRTC_ERROR_" + status;
        };
    }
}
