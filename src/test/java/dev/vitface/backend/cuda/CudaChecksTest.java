package dev.vitface.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.nvrtc;
import org.junit.jupiter.api.Test;

/** Status translation: success is silent, every failure names the call, the status and its meaning. */
class CudaChecksTest {

    @Test
    void successTouchesNothingNative() {
        // No driver here: if success reached for the runtime's error strings, these would throw.
        assertDoesNotThrow(() -> CudaChecks.cudart(0, "cudaMalloc"));
        assertDoesNotThrow(() -> CudaChecks.driver(0, "cuLaunchKernel"));
        assertDoesNotThrow(() -> CudaChecks.cublas(0, "cublasGemmEx"));
        assertDoesNotThrow(() -> CudaChecks.nvrtc(0, "nvrtcCompileProgram", "log"));
    }

    @Test
    void cublasFailureNamesCallStatusAndLikelyCause() {
        CudaException e = assertThrows(CudaException.class,
                () -> CudaChecks.cublas(cublas.CUBLAS_STATUS_NOT_SUPPORTED, "cublasGemmEx (fc1, layer 3)"));
        assertEquals("cublasGemmEx (fc1, layer 3) failed: CUBLAS_STATUS_NOT_SUPPORTED (15): "
                + "this type/compute-type combination is not supported", e.getMessage());
        assertEquals(15, e.status());
        assertEquals("cublasGemmEx (fc1, layer 3)", e.call());
    }

    @Test
    void everyCublasStatusOfThePresetsHasItsHeaderName() {
        assertEquals("CUBLAS_STATUS_SUCCESS", StatusNames.cublas(cublas.CUBLAS_STATUS_SUCCESS));
        assertEquals("CUBLAS_STATUS_NOT_INITIALIZED", StatusNames.cublas(cublas.CUBLAS_STATUS_NOT_INITIALIZED));
        assertEquals("CUBLAS_STATUS_ALLOC_FAILED", StatusNames.cublas(cublas.CUBLAS_STATUS_ALLOC_FAILED));
        assertEquals("CUBLAS_STATUS_INVALID_VALUE", StatusNames.cublas(cublas.CUBLAS_STATUS_INVALID_VALUE));
        assertEquals("CUBLAS_STATUS_ARCH_MISMATCH", StatusNames.cublas(cublas.CUBLAS_STATUS_ARCH_MISMATCH));
        assertEquals("CUBLAS_STATUS_MAPPING_ERROR", StatusNames.cublas(cublas.CUBLAS_STATUS_MAPPING_ERROR));
        assertEquals("CUBLAS_STATUS_EXECUTION_FAILED", StatusNames.cublas(cublas.CUBLAS_STATUS_EXECUTION_FAILED));
        assertEquals("CUBLAS_STATUS_INTERNAL_ERROR", StatusNames.cublas(cublas.CUBLAS_STATUS_INTERNAL_ERROR));
        assertEquals("CUBLAS_STATUS_NOT_SUPPORTED", StatusNames.cublas(cublas.CUBLAS_STATUS_NOT_SUPPORTED));
        assertEquals("CUBLAS_STATUS_LICENSE_ERROR", StatusNames.cublas(cublas.CUBLAS_STATUS_LICENSE_ERROR));
        assertEquals("CUBLAS_STATUS_99", StatusNames.cublas(99));
    }

    @Test
    void everyNvrtcStatusOfThePresetsHasItsHeaderName() {
        assertEquals("NVRTC_ERROR_COMPILATION", StatusNames.nvrtc(nvrtc.NVRTC_ERROR_COMPILATION));
        assertEquals("NVRTC_ERROR_INVALID_OPTION", StatusNames.nvrtc(nvrtc.NVRTC_ERROR_INVALID_OPTION));
        assertEquals("NVRTC_ERROR_BUILTIN_OPERATION_FAILURE", StatusNames.nvrtc(nvrtc.NVRTC_ERROR_BUILTIN_OPERATION_FAILURE));
        assertEquals("NVRTC_ERROR_TIME_TRACE_FILE_WRITE_FAILED", StatusNames.nvrtc(nvrtc.NVRTC_ERROR_TIME_TRACE_FILE_WRITE_FAILED));
        for (int s = 1; s <= 17; s++) assertFalse(StatusNames.nvrtc(s).endsWith("_" + s), "status " + s + " unnamed");
    }

    @Test
    void nvrtcFailureCarriesTheProgramLog() {
        String log = "layernorm.cu(12): error: identifier \"mean\" is undefined\n1 error detected in the compilation.\n";
        CudaException e = assertThrows(CudaException.class,
                () -> CudaChecks.nvrtc(nvrtc.NVRTC_ERROR_COMPILATION, "nvrtcCompileProgram(layernorm.cu)", log));
        assertTrue(e.getMessage().startsWith("nvrtcCompileProgram(layernorm.cu) failed: NVRTC_ERROR_COMPILATION (6)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("--- NVRTC program log ---\nlayernorm.cu(12): error: identifier \"mean\" is undefined"),
                e.getMessage());
    }

    @Test
    void runtimeFailureNamesTheCallEvenWhenTheRuntimeCannotNameTheError() {
        // Here the runtime does not load (no driver), so the fallback name is used; on a GPU the
        // runtime's own name ("cudaErrorMemoryAllocation") appears instead. Either way: call and number.
        CudaException e = assertThrows(CudaException.class, () -> CudaChecks.cudart(2, "cudaMalloc(qkv, 1024 bytes)"));
        assertTrue(e.getMessage().startsWith("cudaMalloc(qkv, 1024 bytes) failed: "), e.getMessage());
        assertTrue(e.getMessage().contains("(2)"), e.getMessage());
        assertEquals(2, e.status());
    }

    @Test
    void messageLeavesOutEmptyOrRepeatedParts() {
        assertEquals("f failed: X (1)", CudaException.message("f", 1, "X", "", null));
        assertEquals("f failed: X (1)", CudaException.message("f", 1, "X", "X", "  "));
        assertEquals("f failed: X (1): why", CudaException.message("f", 1, "X", "why", null));
    }
}
