package dev.vitface.backend.cuda;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;

/**
 * The kernels, compiled by NVRTC and loaded as driver-API modules into the device's primary
 * context (the one the runtime and cuBLAS use). Compiled once per device per process and kept
 * for the life of the process, like the primary context itself: every forward pass on that
 * device shares them, so opening a second model costs no compilation.
 */
public final class KernelModules {
    private static final Logger LOG = Logger.getLogger(KernelModules.class.getName());
    private static final Map<Integer, KernelModules> LOADED = new HashMap<>();

    private final Map<Kernel, CUfunc_st> functions;
    private final String description;

    private KernelModules(Map<Kernel, CUfunc_st> functions, String description) {
        this.functions = functions;
        this.description = description;
    }

    /** The kernels for {@code device}, which must be current on this thread ({@code cudaSetDevice}). */
    public static synchronized KernelModules forDevice(CudaDevice device) {
        KernelModules m = LOADED.get(device.index());
        if (m == null) {
            m = load(device);
            LOADED.put(device.index(), m);
        }
        return m;
    }

    CUfunc_st function(Kernel k) {
        return functions.get(k);
    }

    /** e.g. "NVRTC 13.0, sm_90 cubin, 4 programs in 310 ms" */
    public String description() {
        return description;
    }

    private static KernelModules load(CudaDevice device) {
        long start = System.nanoTime();
        CompileOptions options = CompileOptions.forDevice(device.major(), device.minor(), NvrtcCompiler.supportedArchs());
        Map<String, String> headers = KernelSources.headers();
        Map<Kernel, CUfunc_st> functions = new EnumMap<>(Kernel.class);
        for (String program : KernelSources.PROGRAMS) {
            NvrtcCompiler.Compiled compiled = NvrtcCompiler.compile(program, KernelSources.read(program), headers, options);
            if (!compiled.log().isBlank()) LOG.fine(() -> "NVRTC " + program + ": " + compiled.log().strip());
            CUmod_st module = new CUmod_st();
            try (BytePointer image = new BytePointer(compiled.image())) {
                CudaChecks.driver(cudart.cuModuleLoadData(module, image), "cuModuleLoadData(" + program + ")");
            }
            for (Kernel k : Kernel.values()) {
                if (!k.source().equals(program)) continue;
                CUfunc_st f = new CUfunc_st();
                CudaChecks.driver(cudart.cuModuleGetFunction(f, module, k.symbol()), "cuModuleGetFunction(" + k.symbol() + ")");
                functions.put(k, f);
            }
        }
        String description = String.format("NVRTC %s, %s %s, %d programs in %d ms", NvrtcCompiler.version(),
                (options.cubin() ? "sm_" : "compute_") + options.arch(), options.cubin() ? "cubin" : "PTX",
                KernelSources.PROGRAMS.size(), (System.nanoTime() - start) / 1_000_000);
        LOG.info(() -> "CUDA kernels: " + description);
        return new KernelModules(functions, description);
    }
}
