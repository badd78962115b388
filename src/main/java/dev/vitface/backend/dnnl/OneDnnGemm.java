package dev.vitface.backend.dnnl;

import dev.vitface.backend.Gemm;
import dev.vitface.backend.GemmOperands;
import dev.vitface.kernels.Bf16Rounding;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Gemm} on oneDNN's matmul: the attention products and the heads of the oneDNN backend, so
 * that none of its work runs on OpenBLAS, whose kernels {@code OPENBLAS_CORETYPE} may hold back
 * (Haswell's cost 3-4 % of a forward pass that only ran attention on them). In F32 it reads every
 * operand where it lies, through strided memory descriptors; in BF16 (the BF16 backend's
 * attention) it first rounds A and B to BF16 into the calling thread's buffer, packed, and
 * accumulates and writes C in F32. One primitive per shape, strides, alpha and beta, created on
 * first use and cached: a forward pass meets a handful. {@code alpha} scales the product (a
 * linear post-op) and {@code beta} adds the old C (a sum post-op), as in BLAS. Thread-safe; each
 * call runs on the calling thread with its {@link DnnlThread}. Every call checks that the
 * operands lie inside native segments before oneDNN sees them.
 */
final class OneDnnGemm implements Gemm, AutoCloseable {
    private enum Layout { TRANSPOSED_B, TRANSPOSED_A, PLAIN }

    private record Key(Layout layout, int m, int n, int k, int lda, int ldb, int ldc, float alpha, float beta) {
        Key withLeadingDimensions(int newLda, int newLdb) {
            return new Key(layout, m, n, k, newLda, newLdb, ldc, alpha, beta);
        }
    }

    /** A cached product: its primitive and the descriptor of its B operand, which this class owns. */
    private record Product(OneDnnMatmul matmul, MemorySegment bMd) {}

    private final DnnlContext context;
    /** Of A and B as the matmul reads them: {@link OneDnn#F32} or {@link OneDnn#BF16}. */
    private final int operandType;
    private final Map<Key, Product> products = new ConcurrentHashMap<>();

    OneDnnGemm(DnnlContext context) {
        this(context, OneDnn.F32);
    }

    /** @param operandType {@link OneDnn#F32}, or {@link OneDnn#BF16} to round A and B first */
    OneDnnGemm(DnnlContext context, int operandType) {
        if (operandType != OneDnn.F32 && operandType != OneDnn.BF16) {
            throw new IllegalArgumentException("oneDNN's Gemm reads F32 or BF16 operands, not data type " + operandType);
        }
        this.context = context;
        this.operandType = operandType;
    }

    @Override
    public String name() {
        return operandType == OneDnn.BF16 ? "onednn(bf16 matmul, f32 accumulation)" : "onednn(f32 matmul)";
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
        int aRows = transA ? key.k() : key.m(), aCols = transA ? key.m() : key.k();
        int bRows = transB ? key.n() : key.k(), bCols = transB ? key.k() : key.n();
        GemmOperands.checkNativeExtent("oneDNN", "A", a, aOff, aRows, aCols, key.lda());
        GemmOperands.checkNativeExtent("oneDNN", "B", b, bOff, bRows, bCols, key.ldb());
        GemmOperands.checkNativeExtent("oneDNN", "C", c, cOff, key.m(), key.n(), key.ldc());
        if (key.m() == 0 || key.n() == 0) return;
        if (key.k() == 0) {
            scale(c, cOff, key);
            return;
        }
        DnnlThread thread = context.thread();
        MemorySegment aData = a.asSlice(aOff * Float.BYTES);
        MemorySegment bData = b.asSlice(bOff * Float.BYTES);
        Key productKey = key;
        if (operandType == OneDnn.BF16) {
            // Packed: each stored row of A and of B becomes a run of BF16 values, B after A.
            long bStart = ((long) aRows * aCols * 2 + 63) & ~63L;
            MemorySegment packed = thread.source(bStart + (long) bRows * bCols * 2);
            roundRows(a, aOff, aRows, aCols, key.lda(), packed, 0);
            roundRows(b, bOff, bRows, bCols, key.ldb(), packed, bStart);
            aData = packed;
            bData = packed.asSlice(bStart);
            productKey = key.withLeadingDimensions(aCols, bCols);
        }
        Product product = products.computeIfAbsent(productKey, this::create);
        OneDnn dnnl = context.dnnl;
        MemorySegment bMemory = dnnl.createMemory(thread.slot, product.bMd(), context.engine, bData);
        try {
            product.matmul().run(thread, aData, bMemory, c.asSlice(cOff * Float.BYTES), MemorySegment.NULL);
        } finally {
            dnnl.destroyMemory(bMemory);
        }
    }

    /** {@code rows} rows of {@code cols} floats, {@code ld} apart from float {@code off}, to packed BF16 at byte {@code at}. */
    private static void roundRows(MemorySegment src, long off, int rows, int cols, int ld, MemorySegment dst, long at) {
        if (ld == cols) {
            Bf16Rounding.f32ToBf16(src, off * Float.BYTES, dst, at, (long) rows * cols);
            return;
        }
        for (int r = 0; r < rows; r++) {
            Bf16Rounding.f32ToBf16(src, (off + (long) r * ld) * Float.BYTES, dst, at + (long) r * cols * 2, cols);
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
                ? dnnl.memoryDescStrided(m, k, 1, key.lda(), operandType)
                : dnnl.memoryDescStrided(m, k, key.lda(), 1, operandType);
        MemorySegment bMd = key.layout() == Layout.TRANSPOSED_B
                ? dnnl.memoryDescStrided(k, n, 1, key.ldb(), operandType)
                : dnnl.memoryDescStrided(k, n, key.ldb(), 1, operandType);
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
