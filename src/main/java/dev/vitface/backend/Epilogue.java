package dev.vitface.backend;

/**
 * What follows a linear layer's product in the encoder, {@code p = x·Wᵀ}, element by element:
 * the bias, then the activation or the residual. A {@link PreparedLinear} that can run it inside
 * its product, while each output is still in a register, saves a pass over the output; one that
 * cannot leaves it to the {@link dev.vitface.kernels.Kernels} of the same name.
 */
public enum Epilogue {
    /** {@code y = p + bias} (q, k, v). */
    BIAS,
    /** {@code y = quickGelu(p + bias)}, {@code quickGelu(z) = z·sigmoid(1.702·z)} (fc1). */
    BIAS_QUICK_GELU,
    /** {@code y += p + bias}: the product joins the residual stream in place (out_proj, fc2). */
    BIAS_RESIDUAL;

    /** quick-GELU's constant: CLIP's {@code x * sigmoid(1.702 * x)}. */
    public static final float QUICK_GELU_ALPHA = 1.702f;
}
