/*
 * Stand-ins for the CUDA 13 libraries that bytedeco's JNI glue (libjnicudart, libjnicublas)
 * links against, for CublasStubTest: built once per library with -DSTUB_<NAME> and the real
 * soname, they let the real JNI code run on a machine without a GPU. The cuBLAS calls print the
 * arguments cuBLAS would receive, one line each, in the format CublasStubProbe prints what it
 * meant to pass. cudaMalloc hands out fake device addresses from 0x700000000000 up: nothing here
 * ever dereferences them. Every status is success (0).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define ADDRESS(p) ((unsigned long) (uintptr_t) (p))

#if defined(STUB_CUDART)
static uintptr_t next_device_address = 0x700000000000UL;

int cudaMalloc(void **p, size_t bytes) {
    *p = (void *) next_device_address;
    next_device_address += (bytes + 0xfffffUL) & ~(uintptr_t) 0xfffffUL; /* 1 MiB aligned, like the real allocator's large blocks */
    return 0;
}

int cudaFree(void *p) { (void) p; return 0; }

int cudaStreamSynchronize(void *stream) { (void) stream; return 0; }

#elif defined(STUB_CUBLAS)
int cublasCreate_v2(void **handle) { *handle = (void *) 0x5100UL; return 0; }
int cublasDestroy_v2(void *handle) { (void) handle; return 0; }
int cublasSetStream_v2(void *handle, void *stream) { (void) handle; (void) stream; return 0; }
int cublasSetWorkspace_v2(void *handle, void *workspace, size_t bytes) {
    printf("cublasSetWorkspace workspace=0x%lx bytes=%lu\n", ADDRESS(workspace), (unsigned long) bytes);
    fflush(stdout);
    (void) handle;
    return 0;
}
int cublasSetPointerMode_v2(void *handle, int mode) { (void) handle; (void) mode; return 0; }
int cublasSetMathMode(void *handle, int mode) { (void) handle; (void) mode; return 0; }
int cublasGetVersion_v2(void *handle, int *version) { (void) handle; *version = 130100; return 0; }

int cublasGemmEx(void *handle, int transa, int transb, int m, int n, int k, const void *alpha, const void *A, int Atype,
                 int lda, const void *B, int Btype, int ldb, const void *beta, void *C, int Ctype, int ldc,
                 int computeType, int algo) {
    printf("cublasGemmEx A=0x%lx B=0x%lx C=0x%lx m=%d n=%d k=%d lda=%d ldb=%d ldc=%d alpha=%.6f beta=%.6f\n", ADDRESS(A),
           ADDRESS(B), ADDRESS(C), m, n, k, lda, ldb, ldc, *(const float *) alpha, *(const float *) beta);
    fflush(stdout);
    (void) handle; (void) transa; (void) transb; (void) Atype; (void) Btype; (void) Ctype; (void) computeType; (void) algo;
    return 0;
}

/* The arrays are device memory on a GPU: their addresses are printed, never their contents. */
int cublasGemmBatchedEx(void *handle, int transa, int transb, int m, int n, int k, const void *alpha,
                        const void *const Aarray[], int Atype, int lda, const void *const Barray[], int Btype, int ldb,
                        const void *beta, void *const Carray[], int Ctype, int ldc, int batchCount, int computeType,
                        int algo) {
    printf("cublasGemmBatchedEx A=0x%lx B=0x%lx C=0x%lx m=%d n=%d k=%d lda=%d ldb=%d ldc=%d batch=%d alpha=%.6f beta=%.6f\n",
           ADDRESS(Aarray), ADDRESS(Barray), ADDRESS(Carray), m, n, k, lda, ldb, ldc, batchCount,
           *(const float *) alpha, *(const float *) beta);
    fflush(stdout);
    (void) handle; (void) transa; (void) transb; (void) Atype; (void) Btype; (void) Ctype; (void) computeType; (void) algo;
    return 0;
}

#elif defined(STUB_EMPTY)
/* libcuda.so.1 and libcublasLt.so.13: only their sonames (and version nodes) are needed to load the
   glue, whose calls into them bind lazily and are never made here. */
#else
#error "build with -DSTUB_CUDART, -DSTUB_CUBLAS or -DSTUB_EMPTY"
#endif
