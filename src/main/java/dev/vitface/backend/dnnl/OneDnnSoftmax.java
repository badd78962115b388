package dev.vitface.backend.dnnl;

import dev.vitface.backend.GemmOperands;
import dev.vitface.backend.RowSoftmax;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Attention's softmax on oneDNN's softmax primitive ({@code softmax_accurate}, in place over the
 * rows), which runs twice as fast as the vector kernels' on ViT-L/14's 257×257 score blocks (27
 * against 54-56 µs a block on one Zen 5 core, {@code SoftmaxBenchmark}; docs/PERFORMANCE.md) and
 * needs no JIT warm-up. One primitive per (rows, cols, ld), created on first use and cached.
 * Where oneDNN has only its reference implementation for a shape (a CPU its JIT kernels do not
 * cover), that shape runs on {@code fallback} (the backend's vector kernels) rather than on those
 * plain loops. Thread-safe; each call runs on the calling thread with its {@link DnnlThread}.
 * Every call checks the block against its segment before oneDNN sees it.
 */
final class OneDnnSoftmax implements RowSoftmax, AutoCloseable {
    private record Shape(int rows, int cols, int ld) {}

    /** A shape's primitive and the descriptor of its block; both null where the shape runs on the fallback. */
    private record Kernel(DnnlPrimitive primitive, MemorySegment blockMd, String implementation) {}

    private final DnnlContext context;
    private final RowSoftmax fallback;
    private final Map<Shape, Kernel> kernels = new ConcurrentHashMap<>();

    OneDnnSoftmax(DnnlContext context, RowSoftmax fallback) {
        this.context = context;
        this.fallback = fallback;
    }

    @Override
    public void softmaxRows(MemorySegment s, long off, int rows, int cols, int ld) {
        GemmOperands.checkNativeExtent("oneDNN", "scores", s, off, rows, cols, ld);
        if (rows == 0 || cols == 0) return;
        Kernel kernel = kernels.computeIfAbsent(new Shape(rows, cols, ld), this::create);
        if (kernel.primitive() == null) {
            fallback.softmaxRows(s, off, rows, cols, ld);
            return;
        }
        OneDnn dnnl = context.dnnl;
        DnnlThread thread = context.thread();
        MemorySegment block = dnnl.createMemory(thread.slot, kernel.blockMd(), context.engine, s.asSlice(off * Float.BYTES));
        try {
            thread.arg(0, OneDnn.ARG_SRC, block);
            thread.arg(1, OneDnn.ARG_DST, block);
            kernel.primitive().execute(thread, 2);
        } finally {
            dnnl.destroyMemory(block);
        }
    }

    private Kernel create(Shape shape) {
        OneDnn dnnl = context.dnnl;
        MemorySegment md = dnnl.memoryDescStrided(shape.rows(), shape.cols(), shape.ld(), 1, OneDnn.F32);
        MemorySegment attr = dnnl.createAttr();
        MemorySegment pd = MemorySegment.NULL;
        boolean kept = false;
        try {
            pd = dnnl.softmaxDesc(context.engine, md, md, 1, attr);
            String implementation = dnnl.implementation(pd);
            if (implementation.startsWith("ref")) return new Kernel(null, null, implementation);
            Kernel kernel = new Kernel(new DnnlPrimitive(context, pd), md, implementation);
            kept = true;
            return kernel;
        } finally {
            if (!pd.equals(MemorySegment.NULL)) dnnl.destroyPrimitiveDesc(pd);
            dnnl.destroyAttr(attr);
            if (!kept) dnnl.destroyMemoryDesc(md);
        }
    }

    /** The implementation oneDNN chose for each shape met so far (a "ref" one runs on the fallback). */
    Map<String, String> implementations() {
        Map<String, String> result = new TreeMap<>();
        kernels.forEach((shape, kernel) -> result.put(shape.toString(), kernel.implementation()));
        return result;
    }

    @Override
    public void close() {
        kernels.values().forEach(kernel -> {
            if (kernel.primitive() == null) return;
            kernel.primitive().close();
            context.dnnl.destroyMemoryDesc(kernel.blockMd());
        });
        kernels.clear();
    }
}
