package dev.vitface.backend.cuda;

import dev.vitface.util.FailureText;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.nvrtc;
import org.bytedeco.javacpp.Loader;

/**
 * Whether the CUDA backend can run here, and if not, why — decided once per process. The probe
 * asks the dynamic linker for the driver's library, then loads the JavaCPP presets (runtime +
 * driver, cuBLAS, NVRTC), counts devices and reads device 0.
 * It never throws: a missing driver surfaces from JavaCPP as an {@link UnsatisfiedLinkError}, a
 * second attempt as a {@link NoClassDefFoundError}, both {@link LinkageError}s, and every such
 * failure becomes a reason. Use it for {@code --backend auto} (fall back and log the reason) and
 * to make {@code --backend cuda} fail with a sentence instead of a stack trace.
 *
 * @param device present when {@code available}
 * @param reason why not, when not available (empty otherwise)
 */
public record CudaAvailability(boolean available, Optional<CudaDevice> device, String reason) {
    /** The NVIDIA driver's library, which every CUDA preset needs. */
    private static final String DRIVER = "libcuda.so.1";
    private static CudaAvailability cached;

    /** The (cached) probe result. */
    public static synchronized CudaAvailability probe() {
        if (cached == null) cached = detect(NativeLoadFailure::findable);
        return cached;
    }

    /** One line for logs. */
    public String describe() {
        return available ? "CUDA available: " + device.orElseThrow().describe() : "CUDA unavailable: " + reason;
    }

    static CudaAvailability unavailable(String reason) {
        return new CudaAvailability(false, Optional.empty(), reason);
    }

    /**
     * The probe. {@code driverLoadable} says whether JavaCPP could load the NVIDIA driver's library
     * ({@link NativeLoadFailure#findable} in the process). Without it the runtime preset cannot load (its JNI glue
     * links against it), so the probe answers at once instead of letting JavaCPP find that out: a
     * CPU-only machine's start then skips JavaCPP's search through the jars for the CUDA presets
     * (40-130 ms of CPU time, and the C2 compiles it set off) on the preload thread, while the
     * first result needs both cores (docs/PERFORMANCE.md).
     */
    static CudaAvailability detect(Predicate<String> driverLoadable) {
        if (!driverLoadable.test(DRIVER)) return unavailable(NativeLoadFailure.advice(DRIVER));
        String failure = load(cudart.class, "the CUDA runtime and driver", List.of(DRIVER, "libcudart.so.13"));
        if (failure != null) return unavailable(failure);
        int[] count = new int[1];
        int status;
        try {
            status = cudart.cudaGetDeviceCount(count);
        } catch (LinkageError e) {
            return unavailable(NativeLoadFailure.describe("the CUDA runtime", e, List.of(DRIVER, "libcudart.so.13")));
        }
        if (status != cudart.cudaSuccess) return unavailable(deviceCountFailure(status));
        if (count[0] < 1) return unavailable("the NVIDIA driver sees no CUDA device");
        failure = load(cublas.class, "cuBLAS", List.of("libcublasLt.so.13", "libcublas.so.13"));
        if (failure != null) return unavailable(failure);
        failure = load(nvrtc.class, "NVRTC", List.of("libnvrtc.so.13"));
        if (failure != null) return unavailable(failure);
        try {
            return new CudaAvailability(true, Optional.of(CudaDevice.query(0)), "");
        } catch (CudaException | LinkageError e) {
            return unavailable("could not read GPU 0's properties: " + FailureText.of(e));
        }
    }

    /** Loads one preset; null on success, else the reason it failed. */
    private static String load(Class<?> preset, String what, List<String> libraries) {
        try {
            Loader.load(preset);
            return null;
        } catch (LinkageError | RuntimeException e) {
            return NativeLoadFailure.describe(what, e, libraries);
        }
    }

    static String deviceCountFailure(int status) {
        return switch (status) {
            case cudart.cudaErrorNoDevice -> "no CUDA device found (cudaErrorNoDevice); check CUDA_VISIBLE_DEVICES";
            case cudart.cudaErrorInsufficientDriver ->
                    "the NVIDIA driver is older than the CUDA 13 runtime (cudaErrorInsufficientDriver): update the driver";
            default -> FailureText.of(CudaChecks.cudartError(status, "cudaGetDeviceCount"));
        };
    }
}
