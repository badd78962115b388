package dev.vitface.backend.cuda;

/**
 * Every CUDA C kernel the forward pass launches: its {@code extern "C"} name, the resource file
 * that defines it, and its parameter kinds, one letter per parameter — {@code p} pointer,
 * {@code l} {@code long long}, {@code i} {@code int}, {@code f} {@code float}. The launcher checks
 * each launch's arguments against the letters before the native call (a wrong kind would be read
 * as garbage by the kernel), and a test checks the letters against the sources.
 */
public enum Kernel {
    IM2COL_F32("embedding.cu", "im2col_f32", "ppliiii"),
    IM2COL_BF16("embedding.cu", "im2col_bf16", "ppliiii"),
    EMBED_TOKENS("embedding.cu", "embed_tokens", "pppplii"),
    LAYERNORM_F32("layernorm.cu", "layernorm_f32", "plplppif"),
    LAYERNORM_BF16("layernorm.cu", "layernorm_bf16", "plplppif"),
    SOFTMAX_F32("softmax.cu", "softmax_f32", "pplii"),
    SOFTMAX_BF16("softmax.cu", "softmax_bf16", "pplii"),
    ADD_BIAS_F32("elementwise.cu", "add_bias_f32", "ppli"),
    ADD_BIAS_BF16("elementwise.cu", "add_bias_bf16", "ppli"),
    BIAS_QUICK_GELU_F32("elementwise.cu", "bias_quick_gelu_f32", "ppli"),
    BIAS_QUICK_GELU_BF16("elementwise.cu", "bias_quick_gelu_bf16", "ppli"),
    BIAS_RESIDUAL_F32("elementwise.cu", "bias_residual_f32", "pppli"),
    F32_TO_BF16("elementwise.cu", "f32_to_bf16", "ppl");

    private final String source;
    private final String symbol;
    private final String parameters;

    Kernel(String source, String symbol, String parameters) {
        this.source = source;
        this.symbol = symbol;
        this.parameters = parameters;
    }

    /** The {@code .cu} resource that defines it. */
    String source() {
        return source;
    }

    /** The {@code extern "C"} name, as in the PTX/cubin. */
    String symbol() {
        return symbol;
    }

    /** Parameter kinds, one letter each ({@code p l i f}). */
    String parameters() {
        return parameters;
    }
}
