// Element-wise stages between the GEMMs, over a row-major [rows, cols] matrix (blocks stride over
// rows, so any grid size is correct). FP32 arithmetic; the *_bf16 variants work on BF16 data that
// only the next GEMM reads (--precision bf16).
#include "common.cuh"

// y[r, c] += bias[c], in place. In bf16 mode y is the BF16 output of the q|k|v GEMM, which only
// attention's GEMMs read: the sum is formed in FP32 and rounded to BF16 again, so the result has
// been rounded twice (the GEMM's output, then this sum; docs/GPU.md says why that is kept).
template <typename T>
__device__ void add_bias(T* __restrict__ y, const float* __restrict__ bias, long long rows, int cols) {
    FOR_EACH_ROW_ELEMENT(r, c, rows, cols) {
        T* p = &y[r * cols + c];
        store(p, load(p) + bias[c]);
    }
}

extern "C" __global__ void add_bias_f32(float* y, const float* bias, long long rows, int cols) {
    add_bias<float>(y, bias, rows, cols);
}

extern "C" __global__ void add_bias_bf16(bf16_t* y, const float* bias, long long rows, int cols) {
    add_bias<bf16_t>(y, bias, rows, cols);
}

// quick_gelu(v) = v * sigmoid(1.702 v) of v = y + bias (CLIP's activation, transformers QuickGELUActivation).
// Written as v / (1 + exp(-1.702 v)) with the accurate expf: --use_fast_math is never passed.
__device__ __forceinline__ float quick_gelu(float v) {
    return v / (1.0f + expf(-1.702f * v));
}

// y[r, c] = quick_gelu(y[r, c] + bias[c]), in place; in bf16 mode y is fc1's BF16 output, read only by
// fc2, and the FP32 result is rounded to BF16 a second time, as in add_bias.
template <typename T>
__device__ void bias_quick_gelu(T* __restrict__ y, const float* __restrict__ bias, long long rows, int cols) {
    FOR_EACH_ROW_ELEMENT(r, c, rows, cols) {
        T* p = &y[r * cols + c];
        store(p, quick_gelu(load(p) + bias[c]));
    }
}

extern "C" __global__ void bias_quick_gelu_f32(float* y, const float* bias, long long rows, int cols) {
    bias_quick_gelu<float>(y, bias, rows, cols);
}

extern "C" __global__ void bias_quick_gelu_bf16(bf16_t* y, const float* bias, long long rows, int cols) {
    bias_quick_gelu<bf16_t>(y, bias, rows, cols);
}

// hidden[r, c] += projected[r, c] + bias[c]: out_proj and fc2 with their bias fused into the residual add
extern "C" __global__ void bias_residual_f32(float* __restrict__ hidden, const float* __restrict__ projected,
                                             const float* __restrict__ bias, long long rows, int cols) {
    FOR_EACH_ROW_ELEMENT(r, c, rows, cols) {
        const long long i = r * cols + c;
        hidden[i] += projected[i] + bias[c];
    }
}

// out[i] = bf16(in[i]): the BF16 copy of a weight, made once on the device at upload
extern "C" __global__ void f32_to_bf16(const float* __restrict__ in, bf16_t* __restrict__ out, long long n) {
    FOR_EACH_INDEX(i, n) out[i] = f32_to_bf16_rn(in[i]);
}
