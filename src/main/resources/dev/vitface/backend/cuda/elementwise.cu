// Element-wise stages between the GEMMs, each over n = rows * cols elements of a row-major matrix
// whose rows are `cols` long (grid-stride loops, so any launch size is correct). FP32 arithmetic;
// the *_bf16 variants write a BF16 copy that only feeds the next GEMM (--precision bf16).
#include "common.cuh"

// y[r, c] += bias[c]
extern "C" __global__ void add_bias_f32(float* __restrict__ y, const float* __restrict__ bias, long long n, int cols) {
    FOR_EACH_INDEX(i, n) y[i] += bias[i % cols];
}

// out[r, c] = bf16(y[r, c] + bias[c])
extern "C" __global__ void add_bias_to_bf16(const float* __restrict__ y, const float* __restrict__ bias,
                                            bf16_t* __restrict__ out, long long n, int cols) {
    FOR_EACH_INDEX(i, n) out[i] = f32_to_bf16_rn(y[i] + bias[i % cols]);
}

// quick_gelu(v) = v * sigmoid(1.702 v) of v = y + bias (CLIP's activation, transformers QuickGELUActivation).
// Written as v / (1 + exp(-1.702 v)) with the accurate expf: --use_fast_math is never passed.
__device__ __forceinline__ float quick_gelu(float v) {
    return v / (1.0f + expf(-1.702f * v));
}

// y[r, c] = quick_gelu(y[r, c] + bias[c]), in place
extern "C" __global__ void bias_quick_gelu_f32(float* __restrict__ y, const float* __restrict__ bias, long long n, int cols) {
    FOR_EACH_INDEX(i, n) y[i] = quick_gelu(y[i] + bias[i % cols]);
}

// out[r, c] = bf16(quick_gelu(y[r, c] + bias[c]))
extern "C" __global__ void bias_quick_gelu_bf16(const float* __restrict__ y, const float* __restrict__ bias,
                                                bf16_t* __restrict__ out, long long n, int cols) {
    FOR_EACH_INDEX(i, n) out[i] = f32_to_bf16_rn(quick_gelu(y[i] + bias[i % cols]));
}

// hidden[r, c] += projected[r, c] + bias[c]: out_proj and fc2 with their bias fused into the residual add
extern "C" __global__ void bias_residual_f32(float* __restrict__ hidden, const float* __restrict__ projected,
                                             const float* __restrict__ bias, long long n, int cols) {
    FOR_EACH_INDEX(i, n) hidden[i] += projected[i] + bias[i % cols];
}

// out[i] = bf16(in[i]): the BF16 copy of a weight, made once on the device at upload
extern "C" __global__ void f32_to_bf16(const float* __restrict__ in, bf16_t* __restrict__ out, long long n) {
    FOR_EACH_INDEX(i, n) out[i] = f32_to_bf16_rn(in[i]);
}
