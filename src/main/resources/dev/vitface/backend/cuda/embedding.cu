// Patch embedding around the cuBLAS GEMM: im2col before it, CLS + position embeddings after.
// Reproduces CLIPVisionEmbeddings (transformers modeling_clip.py): Conv2d(kernel = stride = patch,
// no bias) as one GEMM over unfolded patches, then [class_embedding ; patches] + position_embedding.
#include "common.cuh"

// pixels [B, C, S, S] -> patches [patchRows = B * grid * grid, C * patch * patch], each row one
// patch in the Conv2d weight's (channel, ky, kx) order, patches row-major over the grid.
template <typename Out>
__device__ void im2col(const float* __restrict__ pixels, Out* __restrict__ patches, long long patchRows,
                       int channels, int image, int patch, int grid) {
    const int area = patch * patch;
    const int patchDim = channels * area;
    const int perImage = grid * grid;
    FOR_EACH_ROW_ELEMENT(row, col, patchRows, patchDim) {
        const long long b = row / perImage;
        const int p = (int) (row - b * perImage);
        const int gy = p / grid, gx = p - gy * grid;
        const int ch = col / area, r = col - ch * area;
        const int ky = r / patch, kx = r - ky * patch;
        const long long src = ((b * channels + ch) * image + (long long) gy * patch + ky) * image
                + (long long) gx * patch + kx;
        store(&patches[row * patchDim + col], pixels[src]);
    }
}

extern "C" __global__ void im2col_f32(const float* pixels, float* patches, long long patchRows,
                                      int channels, int image, int patch, int grid) {
    im2col<float>(pixels, patches, patchRows, channels, image, patch, grid);
}

extern "C" __global__ void im2col_bf16(const float* pixels, bf16_t* patches, long long patchRows,
                                       int channels, int image, int patch, int grid) {
    im2col<bf16_t>(pixels, patches, patchRows, channels, image, patch, grid);
}

// hidden [B, tokens, hiddenSize]: token 0 = class_embedding, token t > 0 = patch embedding t-1
// (patchOut [B * (tokens-1), hiddenSize]), each plus position_embedding[t]. rows = B * tokens.
extern "C" __global__ void embed_tokens(const float* __restrict__ patchOut, const float* __restrict__ cls,
                                        const float* __restrict__ pos, float* __restrict__ hidden,
                                        long long rows, int tokens, int hiddenSize) {
    FOR_EACH_ROW_ELEMENT(row, c, rows, hiddenSize) {
        const long long b = row / tokens;
        const int t = (int) (row - b * tokens);
        const float v = t == 0 ? cls[c] : patchOut[(b * (tokens - 1) + t - 1) * hiddenSize + c];
        hidden[row * hiddenSize + c] = v + pos[(long long) t * hiddenSize + c];
    }
}
