package dev.vitface.backend.dnnl;

import dev.vitface.backend.Gemm;
import dev.vitface.backend.GemmOperands;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Gemm} on oneDNN's F32 matmul, reading every operand where it lies through strided memory
 * descriptors: the attention products and the heads of the oneDNN backend, so that none of its
 * work runs on OpenBLAS, whose kernels {@code OPENBLAS_CORETYPE} may hold back (Haswell's cost
 * 3-4 % of a forward pass that only ran attention on them). One primitive per shape, strides,
 * alpha and beta, created on first use and cached: a forward pass meets a handful. {@code alpha}
 * scales the product (a linear post-op) and {@code beta} adds the old C (a sum post-op), as in
 * BLAS. Thread-safe; each call runs on the calling thread with its {@link DnnlThread}. Every call
 * checks that the operands lie inside native segments before oneDNN sees them.
 */
final class OneDnnGemm implements Gemm, AutoCloseable {
    private enum Layout { TRANSPOSED_B, TRANSPOSED_A, PLAIN }

    private record Key(Layout layout, int m, int n, int k, int lda, int ldb, int ldc, float alpha, float beta) {}

    /** A cached product: its primitive and the descriptor of its B operand, which this class owns. */
    private record Product(OneDnnMatmul matmul, MemorySegment bMd) {}

    private final DnnlContext context;
    private final Map<Key, Product> products = new ConcurrentHashMap<>();

    OneDnnGemm(DnnlContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return "onednn(f32 matmul)";
    }

    @Override
    public void matmulTransposedB(int m, int n, int k, float alpha, MemorySegment a, long aOff, int lda,
                                  MemorySegment b, long bOff, int ldb, float beta, MemorySegment c, long cOff, int ldc) {
        run(new Key(Layout.TRANSPOSED_B, m, n, k, lda, ldb, ldc, alpha, beta), a, aOff, b, bOff, c, cOff);
    }

    @Override
    public void matmulTransposedA(int m, int n, int k, float alpha, MemorySegment a, long aOff, int lda,
                                  MemorySegment b, long bOff, int ldb, float beta, MemorySegment c, long cOff, int ldc) {
        run(new Key(Layout.TRANSPOSED_A, m, n, k, lda, ldb, ldc, alpha, beta), a, aOff, b, bOff, c, cOff);
    }

    @Override
    public void matmul(int m, int n, int k, float alpha, MemorySegment a, long aOff, int lda,
                       MemorySegment b, long bOff, int ldb, float beta, MemorySegment c, long cOff, int ldc) {
        run(new Key(Layout.PLAIN, m, n, k, lda, ldb, ldc, alpha, beta), a, aOff, b, bOff, c, cOff);
    }

    /** Checks every operand as stored (A is k×m transposed, B n×k transposed), then runs the cached product. */
    private void run(Key key, MemorySegment a, long aOff, MemorySegment b, long bOff, MemorySegment c, long cOff) {
        boolean transA = key.layout() == Layout.TRANSPOSED_A;
        boolean transB = key.layout() == Layout.TRANSPOSED_B;
        GemmOperands.checkExtent("A", a, aOff, transA ? key.k() : key.m(), transA ? key.m() : key.k(), key.lda());
        GemmOperands.checkExtent("B", b, bOff, transB ? key.n() : key.k(), transB ? key.k() : key.n(), key.ldb());
        GemmOperands.checkExtent("C", c, cOff, key.m(), key.n(), key.ldc());
        for (MemorySegment s : new MemorySegment[] {a, b, c}) {
            if (!s.isNative()) throw new IllegalArgumentException("oneDNN needs native memory, not a heap segment");
        }
        if (key.m() == 0 || key.n() == 0) return;
        if (key.k() == 0) {
            scale(c, cOff, key);
            return;
        }
        DnnlThread thread = context.thread();
        Product product = products.computeIfAbsent(key, this::create);
        OneDnn dnnl = context.dnnl;
        MemorySegment bMemory = dnnl.createMemory(thread.slot, product.bMd(), context.engine, b.asSlice(bOff * Float.BYTES));
        try {
            product.matmul().run(thread, a.asSlice(aOff * Float.BYTES), bMemory, c.asSlice(cOff * Float.BYTES),
                    MemorySegment.NULL);
        } finally {
            dnnl.destroyMemory(bMemory);
        }
    }

    /** {@code C = beta·C}: a product over no terms, which oneDNN's matmul does not take. */
    private static void scale(MemorySegment c, long cOff, Key key) {
        for (int r = 0; r < key.m(); r++) {
            for (int col = 0; col < key.n(); col++) {
                long at = cOff + (long) r * key.ldc() + col;
                float old = c.getAtIndex(ValueLayout.JAVA_FLOAT, at);
                c.setAtIndex(ValueLayout.JAVA_FLOAT, at, key.beta() == 0f ? 0f : key.beta() * old);
            }
        }
    }

    private Product create(Key key) {
        OneDnn dnnl = context.dnnl;
        int m = key.m(), n = key.n(), k = key.k();
        MemorySegment aMd = key.layout() == Layout.TRANSPOSED_A
                ? dnnl.memoryDescStrided(m, k, 1, key.lda(), OneDnn.F32)
                : dnnl.memoryDescStrided(m, k, key.lda(), 1, OneDnn.F32);
        MemorySegment bMd = key.layout() == Layout.TRANSPOSED_B
                ? dnnl.memoryDescStrided(k, n, 1, key.ldb(), OneDnn.F32)
                : dnnl.memoryDescStrided(k, n, key.ldb(), 1, OneDnn.F32);
        MemorySegment cMd = dnnl.memoryDescStrided(m, n, key.ldc(), 1, OneDnn.F32);
        MemorySegment attr = dnnl.createAttr(key.alpha() == 1f ? OneDnn.ELTWISE_NONE : OneDnn.ELTWISE_LINEAR, key.alpha(),
                key.beta());
        return new Product(new OneDnnMatmul(context, aMd, bMd, MemorySegment.NULL, cMd, attr), bMd);
    }

    /** The implementations oneDNN chose so far, one per cached product. */
    Map<String, String> implementations() {
        Map<String, String> result = new TreeMap<>();
        products.forEach((key, product) -> result.put(key.toString(), product.matmul().implementation()));
        return result;
    }

    @Override
    public void close() {
        products.values().forEach(product -> {
            product.matmul().close();
            context.dnnl.destroyMemoryDesc(product.bMd());
        });
        products.clear();
    }
}
