package dev.vitface.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.bytedeco.cuda.global.cublas.CUBLAS_COMPUTE_32F;
import static org.bytedeco.cuda.global.cublas.CUBLAS_COMPUTE_32F_FAST_TF32;
import static org.bytedeco.cuda.global.cudart.CUDA_R_16BF;
import static org.bytedeco.cuda.global.cudart.CUDA_R_32F;

import org.junit.jupiter.api.Test;

class CudaPrecisionTest {

    @Test
    void parsesTheCliNamesInAnyCase() {
        assertEquals(CudaPrecision.FP32, CudaPrecision.parse("fp32"));
        assertEquals(CudaPrecision.TF32, CudaPrecision.parse("TF32"));
        assertEquals(CudaPrecision.BF16, CudaPrecision.parse(" bf16 "));
        for (CudaPrecision p : CudaPrecision.values()) assertEquals(p, CudaPrecision.parse(p.cliName()));
    }

    @Test
    void rejectsAnythingElseListingTheChoices() {
        for (String bad : new String[] {"fp16", "", "bf-16", "float32"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CudaPrecision.parse(bad));
            assertTrue(e.getMessage().contains("[fp32, tf32, bf16]"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> CudaPrecision.parse(null));
    }

    @Test
    void mapsToTheCublasTypesTheIssueNames() {
        assertEquals(CUBLAS_COMPUTE_32F, CudaPrecision.FP32.computeType());
        assertEquals(CUDA_R_32F, CudaPrecision.FP32.operandType());
        assertEquals(CUBLAS_COMPUTE_32F_FAST_TF32, CudaPrecision.TF32.computeType());
        assertEquals(CUDA_R_32F, CudaPrecision.TF32.operandType());
        // BF16 operands, FP32 accumulation.
        assertEquals(CUBLAS_COMPUTE_32F, CudaPrecision.BF16.computeType());
        assertEquals(CUDA_R_16BF, CudaPrecision.BF16.operandType());
        assertEquals(2, CudaPrecision.BF16.operandBytes());
        assertTrue(CudaPrecision.BF16.usesBf16());
        assertFalse(CudaPrecision.TF32.usesBf16());
    }

    @Test
    void tensorCorePrecisionsNeedAmpere() {
        assertTrue(CudaPrecision.FP32.supportedOn(7, 5));
        assertFalse(CudaPrecision.FP32.supportedOn(7, 0));
        assertFalse(CudaPrecision.BF16.supportedOn(7, 5));
        assertTrue(CudaPrecision.BF16.supportedOn(8, 0));
        assertTrue(CudaPrecision.TF32.supportedOn(9, 0));
        assertTrue(CudaPrecision.BF16.supportedOn(10, 0));
        assertEquals("8.0", CudaPrecision.TF32.minimumComputeCapability());
    }
}
