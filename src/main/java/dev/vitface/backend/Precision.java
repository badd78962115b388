package dev.vitface.backend;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the linear layers compute in ({@code --precision}): the engine's one precision type, on
 * every backend ({@code cuda.CublasPrecision} says how cuBLAS runs each). Layernorm, softmax, the
 * residual stream, the heads and every accumulator stay FP32 in all of them.
 * <ul>
 *   <li>{@code fp32}: the reference; every backend.</li>
 *   <li>{@code tf32}: FP32 operands rounded to TF32 inside tensor-core GEMMs; CUDA only.</li>
 *   <li>{@code bf16}: BF16 weight copies and GEMM inputs, FP32 accumulation.</li>
 * </ul>
 */
public enum Precision {
    FP32, TF32, BF16;

    public static final List<String> NAMES = Arrays.stream(values()).map(Precision::cliName).toList();

    /** Parses a {@code --precision} name (any case). */
    public static Precision parse(String text) {
        if (text != null) {
            for (Precision p : values()) {
                if (p.cliName().equals(text.trim().toLowerCase(Locale.ROOT))) return p;
            }
        }
        throw new IllegalArgumentException("unknown precision '" + text + "'; expected one of " + NAMES);
    }

    /** The name {@code --precision} takes. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
