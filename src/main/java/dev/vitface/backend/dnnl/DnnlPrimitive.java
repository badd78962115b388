package dev.vitface.backend.dnnl;

import java.lang.foreign.MemorySegment;

/**
 * A oneDNN primitive made with a user scratchpad ({@link OneDnn#createAttr()}), so that any thread
 * can run it with its own {@link DnnlThread}: the primitive, its scratchpad's descriptor and size,
 * and the implementation oneDNN chose. What the matmul and the softmax share.
 */
final class DnnlPrimitive implements AutoCloseable {
    private final DnnlContext context;
    private final MemorySegment primitive;
    private final MemorySegment scratchpadMd;
    private final long scratchpadBytes;
    private final String implementation;

    /** From a primitive descriptor, which stays the caller's to destroy. */
    DnnlPrimitive(DnnlContext context, MemorySegment primitiveDesc) {
        OneDnn dnnl = context.dnnl;
        this.context = context;
        this.implementation = dnnl.implementation(primitiveDesc);
        this.scratchpadMd = dnnl.cloneMemoryDesc(dnnl.queryMd(primitiveDesc, OneDnn.QUERY_SCRATCHPAD_MD));
        try {
            this.scratchpadBytes = dnnl.memoryDescSize(scratchpadMd);
            this.primitive = dnnl.createPrimitive(primitiveDesc);
        } catch (RuntimeException e) {
            dnnl.destroyMemoryDesc(scratchpadMd);
            throw e;
        }
    }

    /** The implementation oneDNN chose, e.g. "brg_matmul:avx512_core_bf16". */
    String implementation() {
        return implementation;
    }

    /**
     * Runs on the calling thread with the first {@code args} arguments set in {@code thread}
     * ({@link DnnlThread#arg}) and the thread's scratchpad appended, and waits for it.
     */
    void execute(DnnlThread thread, int args) {
        OneDnn dnnl = context.dnnl;
        MemorySegment scratchpad = dnnl.createMemory(thread.slot, scratchpadMd, context.engine,
                thread.scratchpad(scratchpadBytes));
        try {
            thread.arg(args, OneDnn.ARG_SCRATCHPAD, scratchpad);
            dnnl.execute(primitive, thread.stream, args + 1, thread.args);
        } finally {
            dnnl.destroyMemory(scratchpad);
        }
    }

    @Override
    public void close() {
        context.dnnl.destroyPrimitive(primitive);
        context.dnnl.destroyMemoryDesc(scratchpadMd);
    }
}
