// Helpers shared by every vitface kernel source. Compiled by NVRTC (no host compiler, no system
// headers): only built-in device functions are used. Sources stay ASCII for nvrtcCreateProgram.
#pragma once

// Raw bfloat16 bits: cuBLAS reads CUDA_R_16BF operands as exactly this 16-bit pattern.
typedef unsigned short bf16_t;

// float -> bfloat16, round to nearest even; a NaN stays a (quiet) NaN, as __float2bfloat16 does.
__device__ __forceinline__ bf16_t f32_to_bf16_rn(float f) {
    unsigned int u = __float_as_uint(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (bf16_t) ((u >> 16) | 0x40u);
    u += 0x7fffu + ((u >> 16) & 1u);
    return (bf16_t) (u >> 16);
}

// bfloat16 -> float is exact: the 16 bits are the top half of the float.
__device__ __forceinline__ float bf16_to_f32(bf16_t h) { return __uint_as_float(((unsigned int) h) << 16); }

// One load and one store per element type, so a kernel template reads or writes FP32 or BF16 from one body.
__device__ __forceinline__ float load(const float* p) { return *p; }
__device__ __forceinline__ float load(const bf16_t* p) { return bf16_to_f32(*p); }
__device__ __forceinline__ void store(float* p, float v) { *p = v; }
__device__ __forceinline__ void store(bf16_t* p, float v) { *p = f32_to_bf16_rn(v); }

__device__ __forceinline__ float warp_sum(float v) {
    for (int offset = 16; offset > 0; offset >>= 1) v += __shfl_xor_sync(0xffffffffu, v, offset);
    return v;
}

__device__ __forceinline__ float warp_max(float v) {
    for (int offset = 16; offset > 0; offset >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, offset));
    return v;
}

// Sum over the whole block; every thread gets the total. blockDim.x must be a multiple of 32
// (at most 1024); scratch holds 32 floats of shared memory and is free again on return.
__device__ __forceinline__ float block_sum(float v, float* scratch) {
    const int lane = threadIdx.x & 31;
    const int warp = threadIdx.x >> 5;
    v = warp_sum(v);
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    const int warps = blockDim.x >> 5;
    v = warp_sum(lane < warps ? scratch[lane] : 0.0f);
    __syncthreads();
    return v;
}

// Grid-stride loop over [0, n): any grid size covers any n.
#define FOR_EACH_INDEX(i, n) \
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < (n); \
         i += (long long) gridDim.x * blockDim.x)

// Every element of a row-major [rows, cols] matrix: blocks stride over rows, a block's threads
// over one row's columns (coalesced). No thread divides to find its column, which matters: a
// 64-bit division per element costs more than moving the element.
#define FOR_EACH_ROW_ELEMENT(r, c, rows, cols) \
    for (long long r = blockIdx.x; r < (rows); r += gridDim.x) \
        for (int c = threadIdx.x; c < (cols); c += blockDim.x)
