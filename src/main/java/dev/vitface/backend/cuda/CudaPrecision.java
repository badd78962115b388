package dev.vitface.backend.cuda;

import dev.vitface.backend.Precision;

import static org.bytedeco.cuda.global.cublas.CUBLAS_COMPUTE_32F;
import static org.bytedeco.cuda.global.cublas.CUBLAS_COMPUTE_32F_FAST_TF32;
import static org.bytedeco.cuda.global.cudart.CUDA_R_16BF;
import static org.bytedeco.cuda.global.cudart.CUDA_R_32F;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the GEMMs run ({@code --precision}). Layernorm, softmax, the element-wise stages, the
 * residual stream and every GEMM accumulator stay FP32 in all three.
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
 */
public enum CudaPrecision {
    FP32(CUBLAS_COMPUTE_32F, CUDA_R_32F, Float.BYTES, 7, 5),
    TF32(CUBLAS_COMPUTE_32F_FAST_TF32, CUDA_R_32F, Float.BYTES, 8, 0),
    BF16(CUBLAS_COMPUTE_32F, CUDA_R_16BF, 2, 8, 0);

    private final int computeType;
    private final int operandType;
    private final int operandBytes;
    private final int minMajor;
    private final int minMinor;

    CudaPrecision(int computeType, int operandType, int operandBytes, int minMajor, int minMinor) {
        this.computeType = computeType;
        this.operandType = operandType;
        this.operandBytes = operandBytes;
        this.minMajor = minMajor;
        this.minMinor = minMinor;
    }

    /** The CUDA form of an engine precision (the two enums name the same three modes). */
    public static CudaPrecision of(Precision precision) {
        return valueOf(precision.name());
    }

    public Precision precision() {
        return Precision.valueOf(name());
    }

    /** Parses {@code fp32|tf32|bf16} (any case). */
    public static CudaPrecision parse(String text) {
        if (text != null) {
            for (CudaPrecision p : values()) {
                if (p.cliName().equals(text.trim().toLowerCase(Locale.ROOT))) return p;
            }
        }
        throw new IllegalArgumentException("unknown precision '" + text + "'; expected one of "
                + Arrays.stream(values()).map(CudaPrecision::cliName).toList());
    }

    /** The name {@code --precision} takes. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code cublasComputeType_t} of every model GEMM. */
    int computeType() {
        return computeType;
    }

    /** {@code cudaDataType} of GEMM operands (weights and the activations that enter GEMMs). */
    int operandType() {
        return operandType;
    }

    /** Bytes per GEMM operand element. */
    int operandBytes() {
        return operandBytes;
    }

    /** Whether BF16 weight copies and BF16 activation buffers are needed. */
    boolean usesBf16() {
        return this == BF16;
    }

    /** Whether a device of compute capability {@code major.minor} can run this precision. */
    boolean supportedOn(int major, int minor) {
        return major > minMajor || (major == minMajor && minor >= minMinor);
    }

    /** E.g. "8.0": tensor-core TF32 and BF16 GEMMs need Ampere or newer; CUDA 13 itself needs 7.5. */
    String minimumComputeCapability() {
        return minMajor + "." + minMinor;
    }
}
