package dev.vitface.backend.cuda;

import java.util.Map;
import org.bytedeco.cuda.global.nvrtc;
import org.bytedeco.cuda.nvrtc._nvrtcProgram;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * Compiles one CUDA C program with NVRTC. Needs only {@code libnvrtc}, no GPU; a compilation
 * error becomes a {@link CudaException} carrying NVRTC's program log.
 */
final class NvrtcCompiler {
    /** The compiled image (cubin or NUL-terminated PTX, as {@link CompileOptions#cubin()} says) and NVRTC's log. */
    record Compiled(String program, byte[] image, boolean cubin, String log) {}

    private NvrtcCompiler() {}

    /** The architectures this NVRTC can target, e.g. {@code [75, 80, 86, 87, 89, 90, ...]}. */
    static int[] supportedArchs() {
        int[] count = new int[1];
        CudaChecks.nvrtc(nvrtc.nvrtcGetNumSupportedArchs(count), "nvrtcGetNumSupportedArchs", null);
        int[] archs = new int[count[0]];
        CudaChecks.nvrtc(nvrtc.nvrtcGetSupportedArchs(archs), "nvrtcGetSupportedArchs", null);
        return archs;
    }

    /** e.g. "13.0" */
    static String version() {
        int[] major = new int[1];
        int[] minor = new int[1];
        CudaChecks.nvrtc(nvrtc.nvrtcVersion(major, minor), "nvrtcVersion", null);
        return major[0] + "." + minor[0];
    }

    static Compiled compile(String program, String source, Map<String, String> headers, CompileOptions options) {
        String[] headerNames = headers.keySet().toArray(String[]::new);
        String[] headerSources = headers.values().toArray(String[]::new);
        _nvrtcProgram prog = new _nvrtcProgram();
        try (BytePointer src = new BytePointer(source);
             BytePointer name = new BytePointer(program);
             PointerPointer<BytePointer> hs = new PointerPointer<>(headerSources);
             PointerPointer<BytePointer> hn = new PointerPointer<>(headerNames)) {
            CudaChecks.nvrtc(nvrtc.nvrtcCreateProgram(prog, src, name, headers.size(), hs, hn),
                    "nvrtcCreateProgram(" + program + ")", null);
        }
        try {
            int status;
            try (PointerPointer<BytePointer> opts = new PointerPointer<>(options.options().toArray(String[]::new))) {
                status = nvrtc.nvrtcCompileProgram(prog, options.options().size(), opts);
            }
            String log = log(prog, program);
            CudaChecks.nvrtc(status, "nvrtcCompileProgram(" + program + ", " + String.join(" ", options.options()) + ")", log);
            return new Compiled(program, image(prog, program, options.cubin()), options.cubin(), log);
        } finally {
            nvrtc.nvrtcDestroyProgram(prog);
        }
    }

    private static String log(_nvrtcProgram prog, String program) {
        try (SizeTPointer size = new SizeTPointer(1)) {
            CudaChecks.nvrtc(nvrtc.nvrtcGetProgramLogSize(prog, size), "nvrtcGetProgramLogSize(" + program + ")", null);
            byte[] log = new byte[(int) size.get()];
            CudaChecks.nvrtc(nvrtc.nvrtcGetProgramLog(prog, log), "nvrtcGetProgramLog(" + program + ")", null);
            int end = log.length;
            while (end > 0 && log[end - 1] == 0) end--;
            return new String(log, 0, end, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static byte[] image(_nvrtcProgram prog, String program, boolean cubin) {
        try (SizeTPointer size = new SizeTPointer(1)) {
            if (cubin) {
                CudaChecks.nvrtc(nvrtc.nvrtcGetCUBINSize(prog, size), "nvrtcGetCUBINSize(" + program + ")", null);
                byte[] image = new byte[Math.toIntExact(size.get())];
                CudaChecks.nvrtc(nvrtc.nvrtcGetCUBIN(prog, image), "nvrtcGetCUBIN(" + program + ")", null);
                return image;
            }
            CudaChecks.nvrtc(nvrtc.nvrtcGetPTXSize(prog, size), "nvrtcGetPTXSize(" + program + ")", null);
            byte[] image = new byte[Math.toIntExact(size.get())]; // includes the terminating NUL the loader needs
            CudaChecks.nvrtc(nvrtc.nvrtcGetPTX(prog, image), "nvrtcGetPTX(" + program + ")", null);
            return image;
        }
    }
}
