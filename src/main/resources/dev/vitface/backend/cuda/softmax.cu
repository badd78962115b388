// Row softmax of the attention scores, in FP32 whatever the GEMM precision. The 1/sqrt(head_dim)
// scale is already applied (it is the alpha of the q.k^T GEMM). One warp per row of `cols` keys;
// rows start `stride` elements apart (cols padded to a multiple of 8, so that BF16 rows stay 16-byte
// aligned for the tensor-core GEMMs); the padding is neither read nor written. in may equal out
// (FP32): each lane rewrites only what it alone reads.
#include "common.cuh"

template <typename Out>
__device__ void softmax_rows(const float* in, Out* out, long long rows, int cols, int stride) {
    const long long row = (long long) blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5);
    if (row >= rows) return;
    const int lane = threadIdx.x & 31;
    const float* x = in + row * stride;
    Out* y = out + row * stride;

    float m = __int_as_float(0xff800000);  // -infinity
    for (int c = lane; c < cols; c += 32) m = fmaxf(m, x[c]);
    m = warp_max(m);

    float sum = 0.0f;
    for (int c = lane; c < cols; c += 32) sum += expf(x[c] - m);
    const float inv = 1.0f / warp_sum(sum);

    for (int c = lane; c < cols; c += 32) store(&y[c], expf(x[c] - m) * inv);
}

extern "C" __global__ void softmax_f32(const float* in, float* out, long long rows, int cols, int stride) {
    softmax_rows<float>(in, out, rows, cols, stride);
}

extern "C" __global__ void softmax_bf16(const float* in, bf16_t* out, long long rows, int cols, int stride) {
    softmax_rows<bf16_t>(in, out, rows, cols, stride);
}
