package dev.vitface.backend.dnnl;

import java.lang.foreign.MemorySegment;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One oneDNN CPU engine and the per-thread state of every thread that has used it. A thread's
 * state lives until the context closes (a caller thread that ends before then leaves its stream
 * and buffers here until that point).
 */
final class DnnlContext implements AutoCloseable {
    final OneDnn dnnl;
    final MemorySegment engine;
    private final Queue<DnnlThread> all = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<DnnlThread> current;

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

    @Override
    public void close() {
        for (DnnlThread t; (t = all.poll()) != null; ) t.close();
        dnnl.destroyEngine(engine);
    }
}
