package dev.vitface.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompileOptionsTest {
    private static final int[] NVRTC_13_0 = {75, 80, 86, 87, 88, 89, 90, 100, 103, 110, 120, 121};

    @Test
    void aKnownArchitectureGetsACubinForExactlyIt() {
        CompileOptions h100 = CompileOptions.forDevice(9, 0, NVRTC_13_0);
        assertTrue(h100.cubin());
        assertEquals(List.of("--gpu-architecture=sm_90", "--std=c++17", "-default-device"), h100.options());
        assertEquals("--gpu-architecture=sm_86", CompileOptions.forDevice(8, 6, NVRTC_13_0).options().getFirst());
    }

    @Test
    void aNewerGpuGetsPtxOfTheNewestArchitectureBelowIt() {
        CompileOptions future = CompileOptions.forDevice(13, 0, NVRTC_13_0);
        assertFalse(future.cubin());
        assertEquals("--gpu-architecture=compute_121", future.options().getFirst());
        CompileOptions between = CompileOptions.forDevice(9, 5, NVRTC_13_0);
        assertEquals("--gpu-architecture=compute_90", between.options().getFirst());
    }

    @Test
    void anOlderGpuThanNvrtcSupportsIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CompileOptions.forDevice(7, 0, NVRTC_13_0));
        assertTrue(e.getMessage().contains("compute capability 7.0"), e.getMessage());
    }

    @Test
    void neverFastMath() {
        for (String o : CompileOptions.forDevice(9, 0, NVRTC_13_0).options()) assertFalse(o.contains("fast"), o);
    }
}
