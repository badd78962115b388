package dev.vitface.backend.dnnl;

import dev.vitface.backend.Epilogue;
import java.lang.foreign.MemorySegment;

/**
 * One matmul primitive. A linear layer's, created once per (rows, ldy, epilogue) of the layer and
 * cached by {@link OneDnnLinear}: {@code dst[rows, out] = src[rows, in] · W} with a packed source
 * and the layer's weights in oneDNN's blocked layout, both of one data type (BF16 or F32), and an
 * F32 destination whose rows are {@code ldy} floats apart; with an {@link Epilogue}, the bias and
 * then swish(1.702) or the destination's old value are added before each output is stored. Or any
 * product on strided operands ({@link OneDnnGemm}). Runs on any thread, given that thread's
 * {@link DnnlThread} (stream and scratchpad).
 */
final class OneDnnMatmul implements AutoCloseable {
    private final DnnlContext context;
    private final MemorySegment srcMd;
    private final MemorySegment dstMd;
    private final MemorySegment biasMd; // NULL without an epilogue
    private final DnnlPrimitive primitive;

    /**
     * A linear layer's product.
     *
     * @param dataType {@link OneDnn#BF16} or {@link OneDnn#F32}, the source's, matching {@code weightsMd}
     * @param epilogue null for the product alone
     */
    OneDnnMatmul(DnnlContext context, int dataType, int rows, int in, int out, int ldy, MemorySegment weightsMd,
                 Epilogue epilogue) {
        this(context, context.dnnl.memoryDesc(rows, in, dataType, OneDnn.TAG_AB), weightsMd,
                epilogue == null ? MemorySegment.NULL : context.dnnl.memoryDesc(1, out, OneDnn.F32, OneDnn.TAG_AB),
                context.dnnl.memoryDescRowMajor(rows, out, ldy, OneDnn.F32),
                context.dnnl.createAttr(epilogue == Epilogue.BIAS_QUICK_GELU ? OneDnn.ELTWISE_SWISH : OneDnn.ELTWISE_NONE,
                        Epilogue.QUICK_GELU_ALPHA, epilogue == Epilogue.BIAS_RESIDUAL ? 1f : 0f));
    }

    /**
     * Any matmul {@code dst = src · weights (+ bias)} with {@code attr}'s post-ops. Takes {@code
     * srcMd}, {@code biasMd} ({@link MemorySegment#NULL} for none) and {@code dstMd}, closing them
     * with itself, and destroys {@code attr} once the primitive exists; {@code weightsMd} stays the caller's.
     */
    OneDnnMatmul(DnnlContext context, MemorySegment srcMd, MemorySegment weightsMd, MemorySegment biasMd,
                 MemorySegment dstMd, MemorySegment attr) {
        OneDnn dnnl = context.dnnl;
        this.context = context;
        this.srcMd = srcMd;
        this.dstMd = dstMd;
        this.biasMd = biasMd;
        try {
            MemorySegment pd = dnnl.matmulDesc(context.engine, srcMd, weightsMd, biasMd, dstMd, attr);
            try {
                this.primitive = new DnnlPrimitive(context, pd);
            } finally {
                dnnl.destroyPrimitiveDesc(pd);
            }
        } finally {
            dnnl.destroyAttr(attr);
        }
    }

    String implementation() {
        return primitive.implementation();
    }

    /**
     * {@code src}: the packed rows; {@code weights}: the layer's packed weight memory object;
     * {@code dst}: the first output float; {@code bias}: {@code out} floats with an epilogue, else ignored.
     */
    void run(DnnlThread thread, MemorySegment src, MemorySegment weights, MemorySegment dst, MemorySegment bias) {
        OneDnn dnnl = context.dnnl;
        MemorySegment srcMemory = dnnl.createMemory(thread.slot, srcMd, context.engine, src);
        MemorySegment dstMemory = MemorySegment.NULL;
        MemorySegment biasMemory = MemorySegment.NULL;
        try {
            dstMemory = dnnl.createMemory(thread.slot, dstMd, context.engine, dst);
            thread.arg(0, OneDnn.ARG_SRC, srcMemory);
            thread.arg(1, OneDnn.ARG_WEIGHTS, weights);
            thread.arg(2, OneDnn.ARG_DST, dstMemory);
            int args = 3;
            if (!biasMd.equals(MemorySegment.NULL)) {
                biasMemory = dnnl.createMemory(thread.slot, biasMd, context.engine, bias);
                thread.arg(args++, OneDnn.ARG_BIAS, biasMemory);
            }
            primitive.execute(thread, args);
        } finally {
            dnnl.destroyMemory(srcMemory);
            if (!dstMemory.equals(MemorySegment.NULL)) dnnl.destroyMemory(dstMemory);
            if (!biasMemory.equals(MemorySegment.NULL)) dnnl.destroyMemory(biasMemory);
        }
    }

    @Override
    public void close() {
        OneDnn dnnl = context.dnnl;
        primitive.close();
        dnnl.destroyMemoryDesc(srcMd);
        dnnl.destroyMemoryDesc(dstMd);
        if (!biasMd.equals(MemorySegment.NULL)) dnnl.destroyMemoryDesc(biasMd);
    }
}
