package dev.vitface.backend.dnnl;

import dev.vitface.backend.Epilogue;
import dev.vitface.backend.GemmOperands;
import dev.vitface.backend.Precision;
import dev.vitface.backend.PreparedLinear;
import dev.vitface.kernels.Bf16Rounding;
import dev.vitface.util.FreshPages;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A linear layer on oneDNN, {@code Y = X·Wᵀ}. The weight is the mapped F32 {@code [out, in]}
 * matrix, which oneDNN reads as the {@code K×N} matrix in format {@code ba}: either reordered once,
 * at load, into the blocked layout oneDNN's matmul asks for ({@link WeightLayout#REORDERED}), or
 * read there by every call ({@link WeightLayout#IN_PLACE}, FP32 only). In {@link Precision#BF16}
 * the reorder also rounds W to BF16, and each call rounds its rows of X to BF16 into the thread's
 * buffer; in {@link Precision#FP32} the matmul reads X in place. Either way each call runs the
 * primitive cached for its (rows, ldy); accumulation and Y are F32.
 *
 * <p>Thread-safe: the primitive cache is concurrent, and each thread runs with its own stream,
 * scratchpad and buffers ({@link DnnlThread}).
 */
final class OneDnnLinear implements PreparedLinear, AutoCloseable {
    /**
     * Rows of the matmul whose preferred weight layout is adopted, and every later primitive is
     * created for exactly this layout. In BF16 the layout does not depend on the row count for
     * oneDNN 3.11's brgemm matmul; in FP32 a few rows would prefer another, and still run on this
     * one with a brgemm kernel (OneDnnLinearTest checks both, 1 to 2056 rows).
     */
    static final int LAYOUT_ROWS = 256;
    /** Column parts start on multiples of this: the column block of oneDNN's weight layouts here (BA16a64b, BA16a64b2a). */
    static final int COLUMN_BLOCK = 64;

    private final DnnlContext context;
    private final Precision precision;
    private final int out;
    private final int in;
    private final WeightLayout layout;
    /** The weight as this layer reads it: the mapped F32 matrix in place, or the re-laid-out copy. */
    private final MemorySegment data;
    private final MemorySegment weightsMd;
    private final MemorySegment weights;
    private final Map<PrimitiveKey, OneDnnMatmul> primitives = new ConcurrentHashMap<>();
    private final Map<Integer, List<OneDnnLinear>> columnParts = new ConcurrentHashMap<>();

    /** A primitive per shape of call and epilogue (null: the product alone). */
    private record PrimitiveKey(int rows, int ldy, Epilogue epilogue) {}

    /** {@link WeightLayout#REORDERED}. */
    OneDnnLinear(DnnlContext context, Precision precision, Arena arena, MemorySegment weight, int out, int in) {
        this(context, precision, WeightLayout.REORDERED, arena, weight, out, in);
    }

    /**
     * {@code weight}: {@code [out, in]} F32, native. Reordered into {@code arena} (rounded to BF16
     * for {@code precision} BF16) on the calling thread, or, {@link WeightLayout#IN_PLACE}, read
     * where it is by every call: it must then stay mapped and unchanged while this layer lives.
     */
    OneDnnLinear(DnnlContext context, Precision precision, WeightLayout layout, Arena arena, MemorySegment weight,
                 int out, int in) {
        if (precision != Precision.FP32 && precision != Precision.BF16) {
            throw new IllegalArgumentException("oneDNN linear layers run fp32 or bf16, not " + precision);
        }
        if (layout == WeightLayout.IN_PLACE && precision != Precision.FP32) {
            throw new IllegalArgumentException("only fp32 weights are read in place; " + precision + " ones are reordered");
        }
        if (out < 1 || in < 1) throw new IllegalArgumentException("bad linear shape [" + out + ", " + in + "]");
        if (!weight.isNative()) throw new IllegalArgumentException("oneDNN needs a native weight segment, not a heap one");
        if (weight.byteSize() < (long) out * in * Float.BYTES) {
            throw new IndexOutOfBoundsException("weight of " + weight.byteSize() + " bytes is smaller than [" + out + ", "
                    + in + "] floats");
        }
        OneDnn dnnl = context.dnnl;
        this.context = context;
        this.precision = precision;
        this.out = out;
        this.in = in;
        DnnlThread thread = context.thread(); // before any primitive: sets this thread's OpenMP team to one
        this.layout = layout;
        if (layout == WeightLayout.IN_PLACE) {
            this.data = weight;
            this.weightsMd = dnnl.memoryDesc(in, out, OneDnn.F32, OneDnn.TAG_BA);
        } else {
            this.weightsMd = preferredLayout(context, precision, LAYOUT_ROWS, out, in);
            this.data = FreshPages.allocate(arena, dnnl.memoryDescSize(weightsMd));
        }
        this.weights = dnnl.createMemory(thread.slot, weightsMd, context.engine, data);
        if (layout == WeightLayout.REORDERED) {
            Reorder.run(context, thread, weight, out, in, weights, weightsMd);
            // The mapped copy was only the reorder's source: let this process drop its pages (they
            // stay in the page cache and come back on a touch), so that RSS holds the packed copy, not both.
            if (weight.isMapped()) weight.unload();
        }
    }

    /** A column part of a re-laid-out layer: {@code weightsMd} describes the part, {@code data} is where it starts. */
    private OneDnnLinear(DnnlContext context, Precision precision, int out, int in, MemorySegment weightsMd,
                         MemorySegment data) {
        this.context = context;
        this.precision = precision;
        this.out = out;
        this.in = in;
        this.layout = WeightLayout.REORDERED;
        this.data = data;
        this.weightsMd = weightsMd;
        this.weights = context.dnnl.createMemory(context.thread().slot, weightsMd, context.engine, data);
    }

    @Override
    public int out() {
        return out;
    }

    @Override
    public int in() {
        return in;
    }

    /** The implementations oneDNN chose for the primitives created so far, by "rows x ldy [epilogue]". */
    Map<String, String> implementations() {
        Map<String, String> result = new TreeMap<>();
        primitives.forEach((key, matmul) -> result.put(key.rows() + "x" + key.ldy()
                + (key.epilogue() == null ? "" : " " + key.epilogue()), matmul.implementation()));
        return result;
    }

    @Override
    public void apply(MemorySegment x, long xOff, int rows, MemorySegment y, long yOff, int ldy) {
        run(x, xOff, rows, y, yOff, ldy, null, MemorySegment.NULL);
    }

    /** Every {@link Epilogue}, inside the product (oneDNN's bias argument and post-ops). */
    @Override
    public boolean applyFused(MemorySegment x, long xOff, int rows, MemorySegment y, long yOff, int ldy,
                              Epilogue epilogue, MemorySegment bias) {
        if (!bias.isNative() || bias.byteSize() < (long) out * Float.BYTES) {
            throw new IllegalArgumentException("bias: " + out + " native floats needed, got a segment of " + bias.byteSize()
                    + " bytes" + (bias.isNative() ? "" : " on the heap"));
        }
        run(x, xOff, rows, y, yOff, ldy, Objects.requireNonNull(epilogue, "epilogue"), bias);
        return true;
    }

    private void run(MemorySegment x, long xOff, int rows, MemorySegment y, long yOff, int ldy, Epilogue epilogue,
                     MemorySegment bias) {
        GemmOperands.checkNativeExtent("oneDNN", "x", x, xOff, rows, in, in);
        GemmOperands.checkNativeExtent("oneDNN", "y", y, yOff, rows, out, ldy);
        if (rows == 0) return;
        DnnlThread thread = context.thread();
        MemorySegment src;
        if (precision == Precision.BF16) {
            long count = (long) rows * in;
            src = thread.source(count * 2);
            Bf16Rounding.f32ToBf16(x, xOff * Float.BYTES, src, 0, count);
        } else {
            src = x.asSlice(xOff * Float.BYTES);
        }
        primitive(rows, ldy, epilogue).run(thread, src, weights, y.asSlice(yOff * Float.BYTES), bias);
    }

    /**
     * {@code parts} consecutive column parts, each starting on a multiple of {@link #COLUMN_BLOCK}
     * and reading its share of this layer's weights where they are: in place, or, re-laid out,
     * inside this layer's copy, when the part's layout is the one oneDNN would pick for it alone
     * (each block of output columns is then a contiguous run of the copy). Empty when the
     * columns do not make {@code parts} blocks or the layout does not split. Made once per count
     * and closed with this layer.
     */
    @Override
    public List<PreparedLinear> columnParts(int parts) {
        if (parts < 1) throw new IllegalArgumentException("parts must be positive, got " + parts);
        if (out % COLUMN_BLOCK != 0 || out / COLUMN_BLOCK < parts) return List.of();
        return List.copyOf(columnParts.computeIfAbsent(parts, this::splitColumns));
    }

    private List<OneDnnLinear> splitColumns(int parts) {
        int blocks = out / COLUMN_BLOCK;
        List<OneDnnLinear> result = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            int first = blocks * p / parts * COLUMN_BLOCK;
            int count = blocks * (p + 1) / parts * COLUMN_BLOCK - first;
            OneDnnLinear part = columns(first, count);
            if (part == null) {
                result.forEach(OneDnnLinear::close);
                return List.of();
            }
            result.add(part);
        }
        return List.copyOf(result);
    }

    /** Output columns {@code [first, first + count)} as a layer reading this one's weights, or null where the layout does not split. */
    private OneDnnLinear columns(int first, int count) {
        OneDnn dnnl = context.dnnl;
        if (layout == WeightLayout.IN_PLACE) {
            return new OneDnnLinear(context, precision, WeightLayout.IN_PLACE, null, // no copy, so no arena
                    data.asSlice((long) first * in * Float.BYTES), count, in);
        }
        MemorySegment partMd = dnnl.submemoryDesc(weightsMd, in, count, 0, 0);
        MemorySegment ownLayout = preferredLayout(context, precision, LAYOUT_ROWS, count, in);
        boolean splits = dnnl.memoryDescEqual(partMd, ownLayout);
        dnnl.destroyMemoryDesc(ownLayout);
        if (!splits) {
            dnnl.destroyMemoryDesc(partMd);
            return null;
        }
        MemorySegment placed = dnnl.submemoryDesc(weightsMd, in, count, 0, first);
        long offset = dnnl.submemoryOffset(placed);
        dnnl.destroyMemoryDesc(placed);
        long elementBytes = precision == Precision.BF16 ? 2 : Float.BYTES;
        return new OneDnnLinear(context, precision, count, in, partMd, data.asSlice(offset * elementBytes));
    }

    private OneDnnMatmul primitive(int rows, int ldy, Epilogue epilogue) {
        return primitives.computeIfAbsent(new PrimitiveKey(rows, ldy, epilogue),
                key -> new OneDnnMatmul(context, dataType(precision), rows, in, out, ldy, weightsMd, epilogue));
    }

    /** oneDNN's data type of the weights and the source: F32 or BF16. */
    static int dataType(Precision precision) {
        return precision == Precision.BF16 ? OneDnn.BF16 : OneDnn.F32;
    }

    /** The weight layout oneDNN picks for a {@code rows}-row matmul when left free ({@code format_tag::any}): a clone the caller owns. */
    static MemorySegment preferredLayout(DnnlContext context, Precision precision, int rows, int out, int in) {
        return context.weightLayout(dataType(precision), rows, out, in, () -> withFreeLayout(context, precision, rows, out, in,
                pd -> context.dnnl.cloneMemoryDesc(context.dnnl.queryMd(pd, OneDnn.QUERY_WEIGHTS_MD))));
    }

    /** The implementation oneDNN picks for a {@code [out, in]} layer, e.g. "brg_matmul:avx512_core_bf16". */
    static String implementationFor(DnnlContext context, Precision precision, int out, int in) {
        context.thread(); // sets this thread's OpenMP team to one, which the choice may depend on
        return withFreeLayout(context, precision, LAYOUT_ROWS, out, in, context.dnnl::implementation);
    }

    /** Runs {@code query} on the primitive descriptor of a {@code rows}-row matmul with the weight layout left free. */
    private static <T> T withFreeLayout(DnnlContext context, Precision precision, int rows, int out, int in,
                                        Function<MemorySegment, T> query) {
        OneDnn dnnl = context.dnnl;
        int type = dataType(precision);
        MemorySegment src = dnnl.memoryDesc(rows, in, type, OneDnn.TAG_AB);
        MemorySegment anyWeights = dnnl.memoryDesc(in, out, type, OneDnn.FORMAT_ANY);
        MemorySegment dst = dnnl.memoryDesc(rows, out, OneDnn.F32, OneDnn.TAG_AB);
        MemorySegment attr = dnnl.createAttr();
        try {
            MemorySegment pd = dnnl.matmulDesc(context.engine, src, anyWeights, MemorySegment.NULL, dst, attr);
            try {
                return query.apply(pd);
            } finally {
                dnnl.destroyPrimitiveDesc(pd);
            }
        } finally {
            dnnl.destroyAttr(attr);
            dnnl.destroyMemoryDesc(src);
            dnnl.destroyMemoryDesc(anyWeights);
            dnnl.destroyMemoryDesc(dst);
        }
    }

    @Override
    public void close() {
        columnParts.values().forEach(parts -> parts.forEach(OneDnnLinear::close));
        columnParts.clear();
        primitives.values().forEach(OneDnnMatmul::close);
        primitives.clear();
        context.dnnl.destroyMemory(weights);
        context.dnnl.destroyMemoryDesc(weightsMd);
    }
}
