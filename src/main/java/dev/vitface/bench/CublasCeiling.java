package dev.vitface.bench;

import static org.bytedeco.cuda.global.cudart.CUDA_R_32F;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyHostToDevice;
import static org.bytedeco.cuda.global.cudart.cudaStreamNonBlocking;

import dev.vitface.backend.Precision;
import dev.vitface.backend.cuda.AddressPointer;
import dev.vitface.backend.cuda.Cublas;
import dev.vitface.backend.cuda.CublasPrecision;
import dev.vitface.backend.cuda.CudaAvailability;
import dev.vitface.backend.cuda.CudaChecks;
import dev.vitface.backend.cuda.CudaDevice;
import dev.vitface.backend.cuda.DeviceArena;
import dev.vitface.backend.cuda.DeviceBuffer;
import dev.vitface.backend.cuda.GemmShape;
import dev.vitface.util.FailureText;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;

/**
 * The practical ceiling of the GPU, the twin of {@link SgemmCeiling}: TFLOP/s of one large cuBLAS
 * GEMM of the model's dominant shape ({@code out = X·Wᵀ}, fc1's {@code [n, k]} weight) in the
 * precision being measured, with the forward pass's cuBLAS settings (operand and compute types of
 * {@link CublasPrecision}), on random operands, best of a few runs timed to stream completion.
 */
public final class CublasCeiling {
    private CublasCeiling() {}

    /** A ceiling that says why when there is no usable GPU or the measurement fails. */
    public static Ceiling measure(Precision precision, int m, int n, int k, int runs) {
        CudaAvailability cuda = CudaAvailability.probe();
        if (!cuda.available()) return Ceiling.unavailable(cuda.reason());
        CudaDevice device = cuda.device().orElseThrow();
        try {
            return new Ceiling("cuBLAS " + precision.cliName() + " GEMM [" + m + ", " + n + ", " + k + "] on " + device.name(),
                    measureGflops(device, CublasPrecision.of(precision), m, n, k, runs));
        } catch (RuntimeException e) {
            return Ceiling.unavailable("the cuBLAS GEMM failed: " + FailureText.of(e));
        }
    }

    private static double measureGflops(CudaDevice device, CublasPrecision p, int m, int n, int k, int runs) {
        CudaChecks.cudart(cudart.cudaSetDevice(device.index()), "cudaSetDevice(" + device.index() + ")");
        CUstream_st stream = new CUstream_st();
        CudaChecks.cudart(cudart.cudaStreamCreateWithFlags(stream, cudaStreamNonBlocking), "cudaStreamCreateWithFlags");
        try (DeviceArena arena = new DeviceArena();
             Cublas blas = new Cublas(stream, arena.allocate("cublas workspace", Cublas.WORKSPACE_BYTES), false)) {
            DeviceBuffer x = random(arena, "X", (long) m * k, p, 1);
            DeviceBuffer w = random(arena, "W", (long) n * k, p, 2);
            DeviceBuffer out = arena.allocate("out", (long) m * n * Float.BYTES);
            GemmShape shape = GemmShape.linear(m, n, k);
            Runnable gemm = () -> blas.gemm("ceiling", shape, p.operandType(), w.pointer(), x.pointer(), CUDA_R_32F,
                    out.pointer(), 1f, p.computeType());
            gemm.run(); // warm-up: cuBLAS picks and loads its kernel
            synchronize(stream);
            long best = Long.MAX_VALUE;
            for (int r = 0; r < runs; r++) {
                long start = System.nanoTime();
                gemm.run();
                synchronize(stream);
                best = Math.min(best, System.nanoTime() - start);
            }
            return 2.0 * m * n * k / best;
        } finally {
            CudaChecks.cudart(cudart.cudaStreamDestroy(stream), "cudaStreamDestroy");
        }
    }

    /** {@code count} uniform values in [-0.5, 0.5) in the operand type (BF16: the top half of each float). */
    private static DeviceBuffer random(DeviceArena arena, String name, long count, CublasPrecision p, long seed) {
        DeviceBuffer buffer = arena.allocate(name, count * p.operandBytes());
        SplittableRandom random = new SplittableRandom(seed);
        try (Arena host = Arena.ofConfined()) {
            MemorySegment staging = host.allocate(count * p.operandBytes(), 64);
            for (long i = 0; i < count; i++) {
                float v = (float) (random.nextDouble() - 0.5);
                if (p.usesBf16()) {
                    staging.setAtIndex(ValueLayout.JAVA_SHORT, i, (short) (Float.floatToRawIntBits(v) >>> 16));
                } else {
                    staging.setAtIndex(ValueLayout.JAVA_FLOAT, i, v);
                }
            }
            CudaChecks.cudart(cudart.cudaMemcpy(buffer.pointer(), new AddressPointer(staging.address()), staging.byteSize(),
                    cudaMemcpyHostToDevice), "cudaMemcpy(" + name + ")");
        }
        return buffer;
    }

    private static void synchronize(CUstream_st stream) {
        CudaChecks.cudart(cudart.cudaStreamSynchronize(stream), "cudaStreamSynchronize");
    }
}
