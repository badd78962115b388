package dev.vitface.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.bytedeco.cuda.global.nvrtc;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped sources through the real NVRTC, exactly as the backend compiles them at start-up.
 * NVRTC needs no GPU, but JavaCPP's nvrtc preset inherits the runtime preset, whose JNI library
 * links {@code libcuda.so.1}: so this runs where a driver and {@code libnvrtc.so.13} are present
 * (the GPU machine), and is skipped, saying why, everywhere else.
 */
class NvrtcCompileTest {
    private static String unavailable;

    @BeforeAll
    static void loadNvrtc() {
        try {
            Loader.load(nvrtc.class);
        } catch (LinkageError | RuntimeException e) {
            unavailable = NativeLoadFailure.describe("NVRTC", e, java.util.List.of("libcuda.so.1", "libnvrtc.so.13"));
        }
    }

    @Test
    void everyProgramCompilesToACubinForHopper() {
        Assumptions.assumeTrue(unavailable == null, () -> "NVRTC not loadable here, kernel sources not compiled by NVRTC: " + unavailable);
        CompileOptions options = CompileOptions.forDevice(9, 0, NvrtcCompiler.supportedArchs());
        assertTrue(options.cubin(), "this NVRTC cannot target sm_90: " + options);
        for (String program : KernelSources.PROGRAMS) {
            NvrtcCompiler.Compiled c = NvrtcCompiler.compile(program, KernelSources.read(program), KernelSources.headers(), options);
            assertTrue(c.image().length > 0, program);
        }
    }

    @Test
    void aCompileErrorCarriesNvrtcsLog() {
        Assumptions.assumeTrue(unavailable == null, () -> "NVRTC not loadable here: " + unavailable);
        CompileOptions options = CompileOptions.forDevice(9, 0, NvrtcCompiler.supportedArchs());
        CudaException e = assertThrows(CudaException.class, () -> NvrtcCompiler.compile("broken.cu",
                "extern \"C\" __global__ void k(float* x) { x[0] = undefined_name; }", Map.of(), options));
        assertTrue(e.getMessage().contains("NVRTC_ERROR_COMPILATION"), e.getMessage());
        assertTrue(e.getMessage().contains("undefined_name"), e.getMessage());
        assertTrue(e.getMessage().contains("nvrtcCompileProgram(broken.cu"), e.getMessage());
    }
}
