package dev.vitface.backend.cuda;

import static org.bytedeco.cuda.global.cublas.CUBLAS_COMPUTE_32F;
import static org.bytedeco.cuda.global.cublas.CUBLAS_COMPUTE_32F_FAST_TF32;
import static org.bytedeco.cuda.global.cudart.CUDA_R_16BF;
import static org.bytedeco.cuda.global.cudart.CUDA_R_32F;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.backend.Precision;
import org.junit.jupiter.api.Test;

/** The one precision type, parsed as --precision names it, and how cuBLAS runs each. */
class CublasPrecisionTest {
    private static final CublasPrecision FP32 = CublasPrecision.of(Precision.FP32);
    private static final CublasPrecision TF32 = CublasPrecision.of(Precision.TF32);
    private static final CublasPrecision BF16 = CublasPrecision.of(Precision.BF16);

    @Test
    void parsesTheCliNamesInAnyCase() {
        assertEquals(Precision.FP32, Precision.parse("fp32"));
        assertEquals(Precision.TF32, Precision.parse("TF32"));
        assertEquals(Precision.BF16, Precision.parse(" bf16 "));
        for (Precision p : Precision.values()) assertEquals(p, Precision.parse(CublasPrecision.of(p).cliName()));
    }

    @Test
    void rejectsAnythingElseListingTheChoices() {
        for (String bad : new String[] {"fp16", "", "bf-16", "float32"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.parse(bad));
            assertTrue(e.getMessage().contains("[fp32, tf32, bf16]"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Precision.parse(null));
    }

    @Test
    void mapsToTheCublasTypesTheIssueNames() {
        assertEquals(CUBLAS_COMPUTE_32F, FP32.computeType());
        assertEquals(CUDA_R_32F, FP32.operandType());
        assertEquals(CUBLAS_COMPUTE_32F_FAST_TF32, TF32.computeType());
        assertEquals(CUDA_R_32F, TF32.operandType());
        // BF16 operands, FP32 accumulation.
        assertEquals(CUBLAS_COMPUTE_32F, BF16.computeType());
        assertEquals(CUDA_R_16BF, BF16.operandType());
        assertEquals(2, BF16.operandBytes());
        assertTrue(BF16.usesBf16());
        assertFalse(TF32.usesBf16());
    }

    @Test
    void tensorCorePrecisionsNeedAmpere() {
        assertTrue(FP32.supportedOn(7, 5));
        assertFalse(FP32.supportedOn(7, 0));
        assertFalse(BF16.supportedOn(7, 5));
        assertTrue(BF16.supportedOn(8, 0));
        assertTrue(TF32.supportedOn(9, 0));
        assertTrue(BF16.supportedOn(10, 0));
        assertEquals("8.0", TF32.minimumComputeCapability());
    }
}
