package dev.vitface.backend.cuda;

import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * What the engine needs to know about one GPU, read once from {@code cudaGetDeviceProperties}.
 *
 * @param runtimeVersion CUDA runtime version, e.g. 13000 for 13.0
 * @param driverVersion  highest CUDA version the installed driver supports, e.g. 13000
 */
public record CudaDevice(int index, String name, int major, int minor, long totalMemory, int multiprocessors,
                         int runtimeVersion, int driverVersion) {

    /** Reads device {@code index}; the runtime must be loaded. */
    static CudaDevice query(int index) {
        try (cudaDeviceProp prop = new cudaDeviceProp()) {
            CudaChecks.cudart(cudart.cudaGetDeviceProperties(prop, index), "cudaGetDeviceProperties(" + index + ")");
            int[] runtime = new int[1];
            int[] driver = new int[1];
            CudaChecks.cudart(cudart.cudaRuntimeGetVersion(runtime), "cudaRuntimeGetVersion");
            CudaChecks.cudart(cudart.cudaDriverGetVersion(driver), "cudaDriverGetVersion");
            return new CudaDevice(index, prop.name().getString().trim(), prop.major(), prop.minor(), prop.totalGlobalMem(),
                    prop.multiProcessorCount(), runtime[0], driver[0]);
        }
    }

    /** Bytes of device memory free now, on the calling thread's current device. */
    public static long freeMemory() {
        try (SizeTPointer free = new SizeTPointer(1); SizeTPointer total = new SizeTPointer(1)) {
            CudaChecks.cudart(cudart.cudaMemGetInfo(free, total), "cudaMemGetInfo");
            return free.get();
        }
    }

    /** e.g. "9.0" */
    public String computeCapability() {
        return major + "." + minor;
    }

    /** One line for logs, e.g. "GPU 0: NVIDIA H100 80GB HBM3 (compute 9.0, 132 SMs, 79.1 GiB; runtime 13.0, driver 13.0)". */
    public String describe() {
        return String.format("GPU %d: %s (compute %s, %d SMs, %.1f GiB; runtime %s, driver %s)", index, name,
                computeCapability(), multiprocessors, totalMemory / (double) (1L << 30), version(runtimeVersion),
                version(driverVersion));
    }

    static String version(int v) {
        return v / 1000 + "." + (v % 1000) / 10;
    }
}
