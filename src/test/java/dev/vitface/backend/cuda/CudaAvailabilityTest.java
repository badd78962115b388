package dev.vitface.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.bytedeco.cuda.global.cudart;
import org.junit.jupiter.api.Test;

/**
 * The probe on whatever machine runs the tests: it must answer, never throw or crash. On the
 * CPU-only development and CI machines (no libcuda.so.1) it answers "unavailable" with the reason.
 */
class CudaAvailabilityTest {

    @Test
    void probeAnswersWithoutThrowingAndIsDecidedOnce() {
        CudaAvailability first = CudaAvailability.probe();
        assertSame(first, CudaAvailability.probe());
        if (first.available()) {
            assertTrue(first.device().isPresent());
            assertTrue(first.describe().startsWith("CUDA available: GPU 0: "), first.describe());
        } else {
            assertFalse(first.reason().isBlank());
            assertTrue(first.device().isEmpty());
            assertTrue(first.describe().startsWith("CUDA unavailable: "), first.describe());
        }
    }

    @Test
    void withoutADriverTheReasonSaysSo() {
        assumeFalse(NativeLoadFailure.findable("libcuda.so.1"), "an NVIDIA driver is installed: nothing to check");
        CudaAvailability a = CudaAvailability.probe();
        assertFalse(a.available());
        assertTrue(a.reason().contains("libcuda.so.1") || a.reason().contains("libcudart.so.13"), a.reason());
    }

    @Test
    void withoutTheDriverTheProbeAnswersBeforeJavaCppAndSaysWhatJavaCppWouldSay() {
        CudaAvailability early = CudaAvailability.detect(library -> false);
        assertFalse(early.available());
        assertEquals("libcuda.so.1 not found: no NVIDIA driver is installed on this machine, so there is no GPU to use",
                early.reason());
        assumeFalse(NativeLoadFailure.findable("libcuda.so.1"), "an NVIDIA driver is installed: JavaCPP would load it");
        // Told the driver is there, the probe goes on into JavaCPP, which fails on the same library.
        CudaAvailability throughJavaCpp = CudaAvailability.detect(library -> true);
        assertFalse(throughJavaCpp.available());
        assertEquals(early.reason(), throughJavaCpp.reason());
    }

    @Test
    void deviceCountFailuresAreExplained() {
        assertTrue(CudaAvailability.deviceCountFailure(cudart.cudaErrorNoDevice).contains("CUDA_VISIBLE_DEVICES"));
        assertTrue(CudaAvailability.deviceCountFailure(cudart.cudaErrorInsufficientDriver).contains("update the driver"));
    }
}
