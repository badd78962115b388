package dev.vitface.backend.dnnl;

import java.lang.foreign.MemorySegment;

/**
 * The one-off reorder at load: a mapped F32 {@code [out, in]} weight, seen as the {@code K×N}
 * matrix in format {@code ba}, into the matmul's blocked layout and data type ({@code packedMd}'s:
 * F32, or BF16 rounded to nearest even).
 */
final class Reorder {
    private Reorder() {}

    static void run(DnnlContext context, DnnlThread thread, MemorySegment weight, int out, int in,
                    MemorySegment packed, MemorySegment packedMd) {
        OneDnn dnnl = context.dnnl;
        MemorySegment f32Md = dnnl.memoryDesc(in, out, OneDnn.F32, OneDnn.TAG_BA);
        MemorySegment f32 = MemorySegment.NULL;
        MemorySegment primitive = MemorySegment.NULL;
        try {
            f32 = dnnl.createMemory(thread.slot, f32Md, context.engine, weight);
            MemorySegment pd = dnnl.reorderDesc(context.engine, f32Md, packedMd, MemorySegment.NULL);
            try {
                primitive = dnnl.createPrimitive(pd);
            } finally {
                dnnl.destroyPrimitiveDesc(pd);
            }
            thread.arg(0, OneDnn.ARG_SRC, f32);
            thread.arg(1, OneDnn.ARG_DST, packed);
            dnnl.execute(primitive, thread.stream, 2, thread.args);
        } finally {
            if (!primitive.equals(MemorySegment.NULL)) dnnl.destroyPrimitive(primitive);
            if (!f32.equals(MemorySegment.NULL)) dnnl.destroyMemory(f32);
            dnnl.destroyMemoryDesc(f32Md);
        }
    }
}
