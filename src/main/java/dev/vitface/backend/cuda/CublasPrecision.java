package dev.vitface.backend.cuda;

import static org.bytedeco.cuda.global.cublas.CUBLAS_COMPUTE_32F;
import static org.bytedeco.cuda.global.cublas.CUBLAS_COMPUTE_32F_FAST_TF32;
import static org.bytedeco.cuda.global.cudart.CUDA_R_16BF;
import static org.bytedeco.cuda.global.cudart.CUDA_R_32F;

import dev.vitface.backend.Precision;
import java.util.Objects;

/**
 * How cuBLAS runs the GEMMs of one {@link Precision} (the engine's one precision type). Layernorm,
 * softmax, the element-wise stages, the residual stream and every GEMM accumulator stay FP32 in
 * all three.
 * <ul>
 *   <li>{@code fp32}: FP32 operands, {@code CUBLAS_COMPUTE_32F} with the default math mode: no
 *       tensor-core shortcut, results comparable with the CPU path (1e-4).</li>
 *   <li>{@code tf32}: FP32 operands, {@code CUBLAS_COMPUTE_32F_FAST_TF32}: tensor cores round the
 *       operands to TF32 (10-bit mantissa) inside the GEMM.</li>
 *   <li>{@code bf16}: BF16 copies of the GEMM weights, activations converted to BF16 only where
 *       they enter a GEMM, FP32 accumulation ({@code CUBLAS_COMPUTE_32F}). q/k/v and fc1 are
 *       rounded twice: cuBLAS writes them as BF16, and the bias (and quick_gelu) kernel rounds
 *       its FP32 result again (docs/GPU.md).</li>
 * </ul>
 * The constants are compile-time values of the presets, so this class loads without CUDA.
 *
 * @param computeType  {@code cublasComputeType_t} of every model GEMM
 * @param operandType  {@code cudaDataType} of GEMM operands (weights and the activations that enter GEMMs)
 * @param operandBytes bytes per GEMM operand element
 */
public record CublasPrecision(Precision precision, int computeType, int operandType, int operandBytes, int minMajor,
                              int minMinor) {

    public CublasPrecision {
        Objects.requireNonNull(precision, "precision");
    }

    public static CublasPrecision of(Precision precision) {
        return switch (Objects.requireNonNull(precision, "precision")) {
            case FP32 -> new CublasPrecision(precision, CUBLAS_COMPUTE_32F, CUDA_R_32F, Float.BYTES, 7, 5);
            case TF32 -> new CublasPrecision(precision, CUBLAS_COMPUTE_32F_FAST_TF32, CUDA_R_32F, Float.BYTES, 8, 0);
            case BF16 -> new CublasPrecision(precision, CUBLAS_COMPUTE_32F, CUDA_R_16BF, 2, 8, 0);
        };
    }

    /** The name {@code --precision} takes. */
    public String cliName() {
        return precision.cliName();
    }

    /** Whether BF16 weight copies and BF16 activation buffers are needed. */
    public boolean usesBf16() {
        return precision == Precision.BF16;
    }

    /** Whether a device of compute capability {@code major.minor} can run this precision. */
    public boolean supportedOn(int major, int minor) {
        return major > minMajor || (major == minMajor && minor >= minMinor);
    }

    /** E.g. "8.0": tensor-core TF32 and BF16 GEMMs need Ampere or newer; CUDA 13 itself needs 7.5. */
    public String minimumComputeCapability() {
        return minMajor + "." + minMinor;
    }
}
