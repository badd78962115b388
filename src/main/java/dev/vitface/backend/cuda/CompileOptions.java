package dev.vitface.backend.cuda;

import java.util.List;

/**
 * NVRTC options for one device. When NVRTC knows the device's exact architecture it builds a
 * cubin for it ({@code sm_XY}): nothing is left for the driver to JIT, and a driver older than
 * this NVRTC cannot reject the PTX version. Otherwise (a GPU newer than NVRTC) it emits PTX for
 * the newest virtual architecture not above the device's, which the driver compiles on load.
 * Never {@code --use_fast_math}: the FP32 path is checked at 1e-4.
 *
 * @param cubin whether the output is a cubin (else PTX)
 */
record CompileOptions(List<String> options, boolean cubin, int arch) {

    /**
     * @param supportedArchs what {@code nvrtcGetSupportedArchs} lists, e.g. {@code [75, 80, 86, 89, 90, ...]}
     */
    static CompileOptions forDevice(int major, int minor, int[] supportedArchs) {
        int device = major * 10 + minor;
        int best = -1;
        for (int a : supportedArchs) {
            if (a == device) return of("sm_" + a, true, a);
            if (a < device && a > best) best = a;
        }
        if (best < 0) {
            throw new IllegalStateException("NVRTC cannot compile for compute capability " + major + "." + minor
                    + " (it supports " + java.util.Arrays.toString(supportedArchs) + ")");
        }
        return of("compute_" + best, false, best);
    }

    private static CompileOptions of(String arch, boolean cubin, int archNumber) {
        return new CompileOptions(List.of("--gpu-architecture=" + arch, "--std=c++17", "-default-device"), cubin, archNumber);
    }
}
