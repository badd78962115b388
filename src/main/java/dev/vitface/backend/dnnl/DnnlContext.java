package dev.vitface.backend.dnnl;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * One oneDNN CPU engine, the per-thread state of every thread that has used it, and the weight
 * layouts asked of it. A thread's state lives until the context closes (a caller thread that ends
 * before then leaves its stream and buffers here until that point).
 */
final class DnnlContext implements AutoCloseable {
    /** A weight layout's question: the matmul's data type and shape. */
    private record LayoutKey(int dataType, int rows, int out, int in) {}

    final OneDnn dnnl;
    final MemorySegment engine;
    private final Queue<DnnlThread> all = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<DnnlThread> current;
    private final Map<LayoutKey, MemorySegment> layouts = new ConcurrentHashMap<>();

    DnnlContext(OneDnn dnnl) {
        this.dnnl = dnnl;
        this.engine = dnnl.createCpuEngine();
        this.current = ThreadLocal.withInitial(() -> {
            DnnlThread t = new DnnlThread(dnnl, engine);
            all.add(t);
            return t;
        });
    }

    /** The calling thread's state, created (and its OpenMP team set to one) on first use. */
    DnnlThread thread() {
        return current.get();
    }

    /**
     * The weight layout for a matmul of this data type and shape, asked of oneDNN ({@code ask}:
     * a descriptor this context then owns) the first time only, as a clone the caller owns:
     * ViT-L/14 asks 432 times (each layer and each column part) for 7 shapes.
     */
    MemorySegment weightLayout(int dataType, int rows, int out, int in, Supplier<MemorySegment> ask) {
        return dnnl.cloneMemoryDesc(layouts.computeIfAbsent(new LayoutKey(dataType, rows, out, in), key -> ask.get()));
    }

    @Override
    public void close() {
        layouts.values().forEach(dnnl::destroyMemoryDesc);
        layouts.clear();
        for (DnnlThread t; (t = all.poll()) != null; ) t.close();
        dnnl.destroyEngine(engine);
    }
}
