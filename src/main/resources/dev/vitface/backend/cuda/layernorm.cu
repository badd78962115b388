// LayerNorm over rows: y = (x - mean) / sqrt(var + eps) * weight + bias with the biased variance,
// as torch.nn.LayerNorm. Statistics in FP32 and two passes (mean first, then squared deviations),
// which keeps the variance exact enough for the 1e-4 check where a one-pass sum of squares would not.
// One block per row; blockDim.x a multiple of 32. Input and output rows are inStride / outStride
// elements apart, so post_layernorm reads only the CLS row of each image. in may equal out (FP32):
// each thread rewrites only the elements it alone reads in the last pass.
#include "common.cuh"

template <typename Out>
__device__ void layernorm(const float* in, long long inStride, Out* out, long long outStride,
                          const float* __restrict__ weight, const float* __restrict__ bias, int cols, float eps) {
    __shared__ float scratch[32];
    const float* x = in + (long long) blockIdx.x * inStride;
    Out* y = out + (long long) blockIdx.x * outStride;

    float sum = 0.0f;
    for (int c = threadIdx.x; c < cols; c += blockDim.x) sum += x[c];
    const float mean = block_sum(sum, scratch) / cols;

    float squares = 0.0f;
    for (int c = threadIdx.x; c < cols; c += blockDim.x) {
        const float d = x[c] - mean;
        squares += d * d;
    }
    const float rstd = 1.0f / sqrtf(block_sum(squares, scratch) / cols + eps);

    for (int c = threadIdx.x; c < cols; c += blockDim.x) {
        store(&y[c], (x[c] - mean) * rstd * weight[c] + bias[c]);
    }
}

extern "C" __global__ void layernorm_f32(const float* in, long long inStride, float* out, long long outStride,
                                         const float* weight, const float* bias, int cols, float eps) {
    layernorm<float>(in, inStride, out, outStride, weight, bias, cols, eps);
}

extern "C" __global__ void layernorm_bf16(const float* in, long long inStride, bf16_t* out, long long outStride,
                                          const float* weight, const float* bias, int cols, float eps) {
    layernorm<bf16_t>(in, inStride, out, outStride, weight, bias, cols, eps);
}
