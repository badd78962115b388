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

    /** A cached primitive and its memory descriptors; null primitive: the shape runs on the fallback. */
    private record Primitive(MemorySegment primitive, MemorySegment dataMd, MemorySegment scratchpadMd, long scratchpadBytes,
                             String implementation) {}

    private final DnnlContext context;
    private final RowSoftmax fallback;
    private final Map<Shape, Primitive> primitives = new ConcurrentHashMap<>();

    OneDnnSoftmax(DnnlContext context, RowSoftmax fallback) {
        this.context = context;
        this.fallback = fallback;
    }

    @Override
    public void softmaxRows(MemorySegment s, long off, int rows, int cols, int ld) {
        GemmOperands.checkExtent("scores", s, off, rows, cols, ld);
        if (!s.isNative()) throw new IllegalArgumentException("oneDNN needs native memory, not a heap segment");
        if (rows == 0 || cols == 0) return;
        Primitive p = primitives.computeIfAbsent(new Shape(rows, cols, ld), this::create);
        if (p.primitive() == null) {
            fallback.softmaxRows(s, off, rows, cols, ld);
            return;
        }
        OneDnn dnnl = context.dnnl;
        DnnlThread thread = context.thread();
        MemorySegment data = dnnl.createMemory(thread.slot, p.dataMd(), context.engine, s.asSlice(off * Float.BYTES));
        MemorySegment scratchpad = MemorySegment.NULL;
        try {
            scratchpad = dnnl.createMemory(thread.slot, p.scratchpadMd(), context.engine,
                    thread.scratchpad(p.scratchpadBytes()));
            thread.arg(0, OneDnn.ARG_SRC, data);
            thread.arg(1, OneDnn.ARG_DST, data);
            thread.arg(2, OneDnn.ARG_SCRATCHPAD, scratchpad);
            dnnl.execute(p.primitive(), thread.stream, 3, thread.args);
        } finally {
            dnnl.destroyMemory(data);
            if (!scratchpad.equals(MemorySegment.NULL)) dnnl.destroyMemory(scratchpad);
        }
    }

    private Primitive create(Shape shape) {
        OneDnn dnnl = context.dnnl;
        MemorySegment md = dnnl.memoryDescStrided(shape.rows(), shape.cols(), shape.ld(), 1, OneDnn.F32);
        MemorySegment attr = dnnl.createAttr();
        MemorySegment pd = MemorySegment.NULL;
        boolean kept = false;
        try {
            pd = dnnl.softmaxDesc(context.engine, md, md, 1, attr);
            String implementation = dnnl.implementation(pd);
            if (implementation.startsWith("ref")) return new Primitive(null, null, null, 0, implementation);
            MemorySegment scratchpadMd = dnnl.cloneMemoryDesc(dnnl.queryMd(pd, OneDnn.QUERY_SCRATCHPAD_MD));
            Primitive p = new Primitive(dnnl.createPrimitive(pd), md, scratchpadMd, dnnl.memoryDescSize(scratchpadMd),
                    implementation);
            kept = true;
            return p;
        } finally {
            if (!pd.equals(MemorySegment.NULL)) dnnl.destroyPrimitiveDesc(pd);
            dnnl.destroyAttr(attr);
            if (!kept) dnnl.destroyMemoryDesc(md);
        }
    }

    /** The implementation oneDNN chose for each shape met so far (a "ref" one runs on the fallback). */
    Map<String, String> implementations() {
        Map<String, String> result = new TreeMap<>();
        primitives.forEach((shape, p) -> result.put(shape.toString(), p.implementation()));
        return result;
    }

    @Override
    public void close() {
        primitives.values().forEach(p -> {
            if (p.primitive() == null) return;
            context.dnnl.destroyPrimitive(p.primitive());
            context.dnnl.destroyMemoryDesc(p.dataMd());
            context.dnnl.destroyMemoryDesc(p.scratchpadMd());
        });
        primitives.clear();
    }
}
