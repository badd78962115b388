package dev.vitface.backend.cuda;

import static org.bytedeco.cuda.global.cublas.CUBLAS_COMPUTE_32F;
import static org.bytedeco.cuda.global.cudart.CUDA_R_16BF;
import static org.bytedeco.cuda.global.cudart.CUDA_R_32F;

import java.util.Locale;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The child JVM of {@link CublasStubTest}, run with the stub CUDA libraries first on
 * {@code LD_LIBRARY_PATH}: drives the real {@link Cublas} through bytedeco's real JNI glue the
 * way {@link CudaForwardPass} does (attention pointer arrays made by
 * {@link DeviceBuffer#pointerArrayAt} over one buffer, ViT-L/14's q·kᵀ and p·v shapes) and
 * prints, for each call, the line the stub must print if cuBLAS receives what was meant,
 * prefixed with {@code expect }.
 */
final class CublasStubProbe {
    private CublasStubProbe() {}

    /** @param args the folder holding the stub libraries */
    public static void main(String[] args) {
        // Loaded before any JavaCPP class: JavaCPP loads the presets' link libraries by absolute
        // path where it finds them (e.g. a real /usr/local/cuda/lib64/libcudart.so.13), and the
        // dynamic linker gives the JNI glue the first library loaded under each soname.
        for (String soname : new String[] {"libcuda.so.1", "libcudart.so.13", "libcublasLt.so.13", "libcublas.so.13"}) {
            System.load(java.nio.file.Path.of(args[0], soname).toAbsolutePath().toString());
        }
        int heads = 16, tokens = 257, stride = AttentionOffsets.scoreRowStride(tokens), hidden = 1024, headDim = 64, batch = 2;
        int pairs = batch * heads;
        try (DeviceBuffer workspace = DeviceBuffer.allocate("cublas workspace", Cublas.WORKSPACE_BYTES);
             DeviceBuffer arrays = DeviceBuffer.allocate("attention pointer arrays", 6L * 8 * pairs);
             DeviceBuffer qkv = DeviceBuffer.allocate("qkv", (long) batch * tokens * 3 * hidden * 2);
             DeviceBuffer out = DeviceBuffer.allocate("projected", (long) batch * tokens * hidden * 4);
             Cublas blas = new Cublas(new CUstream_st(), workspace, false)) {
            System.out.printf("expect cublasSetWorkspace workspace=0x%x bytes=%d%n", workspace.pointer().address(), Cublas.WORKSPACE_BYTES);

            PointerPointer<Pointer> keys = arrays.pointerArrayAt(0);
            PointerPointer<Pointer> queries = arrays.pointerArrayAt(8L * pairs);
            PointerPointer<Pointer> scores = arrays.pointerArrayAt(16L * pairs);
            GemmShape qk = GemmShape.rowMajor(tokens, tokens, headDim, 3 * hidden, 3 * hidden, stride, true);
            blas.gemmBatched("q·kᵀ", qk, CUDA_R_16BF, keys, queries, CUDA_R_32F, scores, pairs, 0.125f, CUBLAS_COMPUTE_32F);
            expectBatched(qk, keys, queries, scores, pairs, 0.125f);

            PointerPointer<Pointer> values = arrays.pointerArrayAt(24L * pairs);
            PointerPointer<Pointer> probs = arrays.pointerArrayAt(32L * pairs);
            PointerPointer<Pointer> contexts = arrays.pointerArrayAt(40L * pairs);
            GemmShape pv = GemmShape.rowMajor(tokens, headDim, tokens, stride, 3 * hidden, hidden, false);
            blas.gemmBatched("p·v", pv, CUDA_R_16BF, values, probs, CUDA_R_16BF, contexts, pairs, 1f, CUBLAS_COMPUTE_32F);
            expectBatched(pv, values, probs, contexts, pairs, 1f);

            int rows = batch * tokens;
            GemmShape linear = GemmShape.linear(rows, hidden, hidden);
            AddressPointer weight = new AddressPointer(0x7e0000000000L);
            blas.gemm("out_proj", linear, CUDA_R_16BF, weight, qkv.pointer(), CUDA_R_32F, out.pointer(), 1f, CUBLAS_COMPUTE_32F);
            System.out.printf(Locale.ROOT, "expect cublasGemmEx A=0x%x B=0x%x C=0x%x m=%d n=%d k=%d lda=%d ldb=%d ldc=%d "
                            + "alpha=%.6f beta=%.6f%n", weight.address(), qkv.pointer().address(), out.pointer().address(),
                    linear.m(), linear.n(), linear.k(), linear.lda(), linear.ldb(), linear.ldc(), 1f, 0f);
        }
    }

    private static void expectBatched(GemmShape s, Pointer a, Pointer b, Pointer c, int batch, float alpha) {
        System.out.printf(Locale.ROOT, "expect cublasGemmBatchedEx A=0x%x B=0x%x C=0x%x m=%d n=%d k=%d lda=%d ldb=%d ldc=%d "
                        + "batch=%d alpha=%.6f beta=%.6f%n", a.address(), b.address(), c.address(), s.m(), s.n(), s.k(), s.lda(),
                s.ldb(), s.ldc(), batch, alpha, 0f);
    }
}
