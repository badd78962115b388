package dev.vitface.backend.dnnl;

import java.lang.foreign.MemorySegment;

/**
 * One matmul primitive, created once per (rows, ldy) of a layer and cached by {@link OneDnnLinear}:
 * {@code dst[rows, out] = src[rows, in] · W} with a packed source and the layer's weights in
 * oneDNN's blocked layout, both of one data type (BF16 or F32), and an F32 destination whose rows
 * are {@code ldy} floats apart.
 * Runs on any thread, given that thread's {@link DnnlThread} (stream and scratchpad).
 */
final class OneDnnMatmul implements AutoCloseable {
    private final DnnlContext context;
    private final MemorySegment srcMd;
    private final MemorySegment dstMd;
    private final MemorySegment scratchpadMd;
    private final long scratchpadBytes;
    private final MemorySegment primitive;
    private final String implementation;

    /** {@code dataType}: {@link OneDnn#BF16} or {@link OneDnn#F32}, the source's, matching {@code weightsMd}. */
    OneDnnMatmul(DnnlContext context, int dataType, int rows, int in, int out, int ldy, MemorySegment weightsMd) {
        OneDnn dnnl = context.dnnl;
        this.context = context;
        this.srcMd = dnnl.memoryDesc(rows, in, dataType, OneDnn.TAG_AB);
        this.dstMd = dnnl.memoryDescRowMajor(rows, out, ldy, OneDnn.F32);
        MemorySegment attr = dnnl.createAttr();
        try {
            MemorySegment pd = dnnl.matmulDesc(context.engine, srcMd, weightsMd, MemorySegment.NULL, dstMd, attr);
            try {
                this.implementation = dnnl.implementation(pd);
                this.scratchpadMd = dnnl.cloneMemoryDesc(dnnl.queryMd(pd, OneDnn.QUERY_SCRATCHPAD_MD));
                this.scratchpadBytes = dnnl.memoryDescSize(scratchpadMd);
                this.primitive = dnnl.createPrimitive(pd);
            } finally {
                dnnl.destroyPrimitiveDesc(pd);
            }
        } finally {
            dnnl.destroyAttr(attr);
        }
    }

    String implementation() {
        return implementation;
    }

    /** {@code src}: the packed rows; {@code weights}: the layer's packed weight memory object; {@code dst}: the first output float. */
    void run(DnnlThread thread, MemorySegment src, MemorySegment weights, MemorySegment dst) {
        OneDnn dnnl = context.dnnl;
        MemorySegment srcMemory = dnnl.createMemory(thread.slot, srcMd, context.engine, src);
        MemorySegment dstMemory = MemorySegment.NULL;
        MemorySegment scratchpadMemory = MemorySegment.NULL;
        try {
            dstMemory = dnnl.createMemory(thread.slot, dstMd, context.engine, dst);
            scratchpadMemory = dnnl.createMemory(thread.slot, scratchpadMd, context.engine,
                    thread.scratchpad(scratchpadBytes));
            thread.arg(0, OneDnn.ARG_SRC, srcMemory);
            thread.arg(1, OneDnn.ARG_WEIGHTS, weights);
            thread.arg(2, OneDnn.ARG_DST, dstMemory);
            thread.arg(3, OneDnn.ARG_SCRATCHPAD, scratchpadMemory);
            dnnl.execute(primitive, thread.stream, 4, thread.args);
        } finally {
            dnnl.destroyMemory(srcMemory);
            if (!dstMemory.equals(MemorySegment.NULL)) dnnl.destroyMemory(dstMemory);
            if (!scratchpadMemory.equals(MemorySegment.NULL)) dnnl.destroyMemory(scratchpadMemory);
        }
    }

    @Override
    public void close() {
        OneDnn dnnl = context.dnnl;
        dnnl.destroyPrimitive(primitive);
        dnnl.destroyMemoryDesc(srcMd);
        dnnl.destroyMemoryDesc(dstMd);
        dnnl.destroyMemoryDesc(scratchpadMd);
    }
}
