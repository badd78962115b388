package dev.vitface.backend.dnnl;

import dev.vitface.backend.NativeLoadError;
import dev.vitface.util.FailureText;
import java.io.File;
import java.io.IOException;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import org.bytedeco.javacpp.Loader;

/**
 * The oneDNN library bundled by {@code org.bytedeco:dnnl} (with the GNU OpenMP runtime it is
 * built against), reached through FFM downcalls on its C API ({@code oneapi/dnnl/dnnl.h}).
 *
 * <p>Why not the preset's JavaCPP mapping: {@code Loader.load(dnnl.class)} first loads the
 * OpenCL preset it inherits, whose natives live in another artifact this CPU-only use has no need
 * for; and downcalls take the workspace's {@link MemorySegment} addresses directly, with no
 * {@code Pointer} objects per call. JavaCPP still finds and extracts the natives from the
 * platform jar. Every status is checked: {@link #check} throws naming the call.
 */
public final class OneDnn {
    // Values from oneapi/dnnl/dnnl_types.h (oneDNN 3.11); OneDnnTest checks them against the preset's constants.
    static final int SUCCESS = 0;
    static final int ENGINE_CPU = 1;
    static final int STREAM_DEFAULT_FLAGS = 1;
    static final int BF16 = 2;
    static final int F32 = 3;
    static final int FORMAT_ANY = 1;
    static final int TAG_AB = 3;
    static final int TAG_BA = 14;
    static final int SCRATCHPAD_USER = 1;
    static final int ARG_SRC = 1;
    static final int ARG_DST = 17;
    static final int ARG_WEIGHTS = 33;
    static final int ARG_BIAS = 41;
    static final int ARG_SCRATCHPAD = 80;
    static final int QUERY_IMPL_INFO_STR = 8;
    static final int DATA_TYPE_UNDEF = 0;
    static final int ELTWISE_NONE = 0;
    static final int ELTWISE_LINEAR = 38;
    static final int ELTWISE_SWISH = 44;
    static final int QUERY_WEIGHTS_MD = 131;
    static final int QUERY_SCRATCHPAD_MD = 136;
    static final int QUERY_SUBMEMORY_OFFSET = 259;
    static final int FORWARD_INFERENCE = 96;
    static final int SOFTMAX_ACCURATE = 0x30000;

    /** {@code dnnl_exec_arg_t}: {@code int arg; dnnl_memory_t memory;}. */
    static final MemoryLayout EXEC_ARG = MemoryLayout.structLayout(ValueLayout.JAVA_INT.withName("arg"),
            MemoryLayout.paddingLayout(4), ValueLayout.ADDRESS.withName("memory"));
    static final long EXEC_ARG_MEMORY = EXEC_ARG.byteOffset(MemoryLayout.PathElement.groupElement("memory"));

    private static final String[] STATUS_NAMES = {"success", "out_of_memory", "invalid_arguments", "unimplemented",
            "last_impl_reached", "runtime_error", "not_required", "invalid_graph", "invalid_graph_op", "invalid_shape",
            "invalid_data_type"};
    private static final AddressLayout A = ValueLayout.ADDRESS;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;

    private static volatile OneDnn instance;

    private final String libraryPath;
    private final MethodHandle version;
    private final MethodHandle effectiveCpuIsa;
    private final MethodHandle ompSetNumThreads;
    private final MethodHandle ompGetMaxThreads;
    private final MethodHandle engineCreate;
    private final MethodHandle engineDestroy;
    private final MethodHandle streamCreate;
    private final MethodHandle streamDestroy;
    private final MethodHandle memoryDescCreateWithTag;
    private final MethodHandle memoryDescCreateWithStrides;
    private final MethodHandle memoryDescClone;
    private final MethodHandle memoryDescDestroy;
    private final MethodHandle memoryDescGetSize;
    private final MethodHandle memoryDescEqual;
    private final MethodHandle memoryDescCreateSubmemory;
    private final MethodHandle memoryDescQuery;
    private final MethodHandle attrCreate;
    private final MethodHandle attrDestroy;
    private final MethodHandle attrSetScratchpadMode;
    private final MethodHandle attrSetPostOps;
    private final MethodHandle postOpsCreate;
    private final MethodHandle postOpsDestroy;
    private final MethodHandle postOpsAppendSum;
    private final MethodHandle postOpsAppendEltwise;
    private final MethodHandle matmulDescCreate;
    private final MethodHandle reorderDescCreate;
    private final MethodHandle softmaxDescCreate;
    private final MethodHandle descQuery;
    private final MethodHandle descQueryMd;
    private final MethodHandle descDestroy;
    private final MethodHandle primitiveCreate;
    private final MethodHandle primitiveDestroy;
    private final MethodHandle primitiveExecute;
    private final MethodHandle memoryCreate;
    private final MethodHandle memoryDestroy;
    private final MethodHandle streamWait;

    private OneDnn() {
        File gomp = extract("libgomp.so.1");
        File dnnl = extract("libdnnl.so.3");
        // OpenMP first, from the same folder: libdnnl's RUNPATH ($ORIGIN) then binds to this copy.
        SymbolLookup omp = SymbolLookup.libraryLookup(gomp.toPath(), Arena.global());
        SymbolLookup lib = SymbolLookup.libraryLookup(dnnl.toPath(), Arena.global());
        libraryPath = dnnl.getPath();
        Linker linker = Linker.nativeLinker();
        version = handle(linker, lib, "dnnl_version", FunctionDescriptor.of(A));
        effectiveCpuIsa = handle(linker, lib, "dnnl_get_effective_cpu_isa", FunctionDescriptor.of(I));
        ompSetNumThreads = handle(linker, omp, "omp_set_num_threads", FunctionDescriptor.ofVoid(I));
        ompGetMaxThreads = handle(linker, omp, "omp_get_max_threads", FunctionDescriptor.of(I));
        engineCreate = handle(linker, lib, "dnnl_engine_create", FunctionDescriptor.of(I, A, I, L));
        engineDestroy = handle(linker, lib, "dnnl_engine_destroy", FunctionDescriptor.of(I, A));
        streamCreate = handle(linker, lib, "dnnl_stream_create", FunctionDescriptor.of(I, A, A, I));
        streamDestroy = handle(linker, lib, "dnnl_stream_destroy", FunctionDescriptor.of(I, A));
        streamWait = handle(linker, lib, "dnnl_stream_wait", FunctionDescriptor.of(I, A));
        memoryDescCreateWithTag = handle(linker, lib, "dnnl_memory_desc_create_with_tag",
                FunctionDescriptor.of(I, A, I, A, I, I));
        memoryDescCreateWithStrides = handle(linker, lib, "dnnl_memory_desc_create_with_strides",
                FunctionDescriptor.of(I, A, I, A, I, A));
        memoryDescClone = handle(linker, lib, "dnnl_memory_desc_clone", FunctionDescriptor.of(I, A, A));
        memoryDescDestroy = handle(linker, lib, "dnnl_memory_desc_destroy", FunctionDescriptor.of(I, A));
        memoryDescGetSize = handle(linker, lib, "dnnl_memory_desc_get_size", FunctionDescriptor.of(L, A));
        memoryDescEqual = handle(linker, lib, "dnnl_memory_desc_equal", FunctionDescriptor.of(I, A, A));
        memoryDescCreateSubmemory = handle(linker, lib, "dnnl_memory_desc_create_submemory",
                FunctionDescriptor.of(I, A, A, A, A));
        memoryDescQuery = handle(linker, lib, "dnnl_memory_desc_query", FunctionDescriptor.of(I, A, I, A));
        attrCreate = handle(linker, lib, "dnnl_primitive_attr_create", FunctionDescriptor.of(I, A));
        attrDestroy = handle(linker, lib, "dnnl_primitive_attr_destroy", FunctionDescriptor.of(I, A));
        attrSetScratchpadMode = handle(linker, lib, "dnnl_primitive_attr_set_scratchpad_mode",
                FunctionDescriptor.of(I, A, I));
        attrSetPostOps = handle(linker, lib, "dnnl_primitive_attr_set_post_ops", FunctionDescriptor.of(I, A, A));
        postOpsCreate = handle(linker, lib, "dnnl_post_ops_create", FunctionDescriptor.of(I, A));
        postOpsDestroy = handle(linker, lib, "dnnl_post_ops_destroy", FunctionDescriptor.of(I, A));
        postOpsAppendSum = handle(linker, lib, "dnnl_post_ops_append_sum", FunctionDescriptor.of(I, A, F, I, I));
        postOpsAppendEltwise = handle(linker, lib, "dnnl_post_ops_append_eltwise", FunctionDescriptor.of(I, A, I, F, F));
        matmulDescCreate = handle(linker, lib, "dnnl_matmul_primitive_desc_create",
                FunctionDescriptor.of(I, A, A, A, A, A, A, A));
        reorderDescCreate = handle(linker, lib, "dnnl_reorder_primitive_desc_create",
                FunctionDescriptor.of(I, A, A, A, A, A, A));
        softmaxDescCreate = handle(linker, lib, "dnnl_softmax_forward_primitive_desc_create",
                FunctionDescriptor.of(I, A, A, I, I, A, A, I, A));
        descQuery = handle(linker, lib, "dnnl_primitive_desc_query", FunctionDescriptor.of(I, A, I, I, A));
        descQueryMd = handle(linker, lib, "dnnl_primitive_desc_query_md", FunctionDescriptor.of(A, A, I, I));
        descDestroy = handle(linker, lib, "dnnl_primitive_desc_destroy", FunctionDescriptor.of(I, A));
        primitiveCreate = handle(linker, lib, "dnnl_primitive_create", FunctionDescriptor.of(I, A, A));
        primitiveDestroy = handle(linker, lib, "dnnl_primitive_destroy", FunctionDescriptor.of(I, A));
        primitiveExecute = handle(linker, lib, "dnnl_primitive_execute", FunctionDescriptor.of(I, A, A, I, A));
        memoryCreate = handle(linker, lib, "dnnl_memory_create", FunctionDescriptor.of(I, A, A, A, A));
        memoryDestroy = handle(linker, lib, "dnnl_memory_destroy", FunctionDescriptor.of(I, A));
    }

    /** Loads the library once; throws {@link UnsatisfiedLinkError} (a {@link LinkageError}) if it cannot. */
    public static OneDnn load() {
        OneDnn local = instance;
        if (local == null) {
            synchronized (OneDnn.class) {
                if (instance == null) {
                    try {
                        instance = new OneDnn();
                    } catch (LinkageError e) {
                        throw NativeLoadError.of("oneDNN", e);
                    }
                }
                local = instance;
            }
        }
        return local;
    }

    /** "3.11.0", plus the git hash when the build recorded one (bytedeco's says "N/A"). */
    public String version() {
        try {
            MemorySegment v = ((MemorySegment) version.invokeExact()).reinterpret(32);
            MemorySegment hash = v.get(A, 16);
            String h = hash.equals(MemorySegment.NULL) ? "N/A" : hash.reinterpret(64).getString(0);
            return v.get(I, 0) + "." + v.get(I, 4) + "." + v.get(I, 8) + (h.equals("N/A") ? "" : " (" + h + ")");
        } catch (Throwable t) {
            throw failure("dnnl_version", t);
        }
    }

    public String libraryPath() {
        return libraryPath;
    }

    /** The {@code dnnl_cpu_isa_t} oneDNN dispatches to on this CPU (after {@code DNNL_MAX_CPU_ISA}). */
    public CpuIsa effectiveIsa() {
        try {
            return CpuIsa.of((int) effectiveCpuIsa.invokeExact());
        } catch (Throwable t) {
            throw failure("dnnl_get_effective_cpu_isa", t);
        }
    }

    /** OpenMP threads of the calling thread's next parallel region (a per-thread setting). */
    public int ompMaxThreads() {
        try {
            return (int) ompGetMaxThreads.invokeExact();
        } catch (Throwable t) {
            throw failure("omp_get_max_threads", t);
        }
    }

    /** Sets the calling thread's OpenMP team size, which is what oneDNN's CPU primitives use. */
    public void setOmpThreads(int threads) {
        try {
            ompSetNumThreads.invokeExact(threads);
        } catch (Throwable t) {
            throw failure("omp_set_num_threads", t);
        }
    }

    // --- objects (created at load or on a new shape; every status checked) ---

    MemorySegment createCpuEngine() {
        return created("dnnl_engine_create", engineCreate, ENGINE_CPU, 0L);
    }

    MemorySegment createStream(MemorySegment engine) {
        return created("dnnl_stream_create", streamCreate, engine, STREAM_DEFAULT_FLAGS);
    }

    /** A 2-D memory descriptor {@code [rows, cols]} with a format tag ({@link #TAG_AB}, {@link #FORMAT_ANY}...). */
    MemorySegment memoryDesc(long rows, long cols, int dataType, int tag) {
        try (Arena a = Arena.ofConfined()) {
            return created("dnnl_memory_desc_create_with_tag", memoryDescCreateWithTag, 2, a.allocateFrom(L, rows, cols),
                    dataType, tag);
        }
    }

    /** A 2-D row-major memory descriptor whose rows are {@code ld} elements apart. */
    MemorySegment memoryDescRowMajor(long rows, long cols, long ld, int dataType) {
        try (Arena a = Arena.ofConfined()) {
            return created("dnnl_memory_desc_create_with_strides", memoryDescCreateWithStrides, 2,
                    a.allocateFrom(L, rows, cols), dataType, a.allocateFrom(L, ld, 1));
        }
    }

    /** A 2-D memory descriptor whose element (r, c) is {@code r·rowStride + c·colStride} elements from the first. */
    MemorySegment memoryDescStrided(long rows, long cols, long rowStride, long colStride, int dataType) {
        try (Arena a = Arena.ofConfined()) {
            return created("dnnl_memory_desc_create_with_strides", memoryDescCreateWithStrides, 2,
                    a.allocateFrom(L, rows, cols), dataType, a.allocateFrom(L, rowStride, colStride));
        }
    }

    /**
     * The {@code [rows, cols]} part of the 2-D {@code parent} that starts at ({@code row},
     * {@code col}), in the parent's layout. Throws where the part does not start on a block of
     * a blocked layout.
     */
    MemorySegment submemoryDesc(MemorySegment parent, long rows, long cols, long row, long col) {
        try (Arena a = Arena.ofConfined()) {
            return created("dnnl_memory_desc_create_submemory", memoryDescCreateSubmemory, parent,
                    a.allocateFrom(L, rows, cols), a.allocateFrom(L, row, col));
        }
    }

    /** Where a {@link #submemoryDesc} part starts in its parent's buffer, in elements. */
    long submemoryOffset(MemorySegment md) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(L);
            call("dnnl_memory_desc_query", memoryDescQuery, md, QUERY_SUBMEMORY_OFFSET, out);
            return out.get(L, 0);
        }
    }

    MemorySegment cloneMemoryDesc(MemorySegment md) {
        return created("dnnl_memory_desc_clone", memoryDescClone, md);
    }

    long memoryDescSize(MemorySegment md) {
        try {
            return (long) memoryDescGetSize.invokeExact(md);
        } catch (Throwable t) {
            throw failure("dnnl_memory_desc_get_size", t);
        }
    }

    boolean memoryDescEqual(MemorySegment a, MemorySegment b) {
        try {
            return (int) memoryDescEqual.invokeExact(a, b) != 0;
        } catch (Throwable t) {
            throw failure("dnnl_memory_desc_equal", t);
        }
    }

    /** Attributes with a user-provided scratchpad, so primitives can run on any thread. */
    MemorySegment createAttr() {
        MemorySegment attr = created("dnnl_primitive_attr_create", attrCreate);
        call("dnnl_primitive_attr_set_scratchpad_mode", attrSetScratchpadMode, attr, SCRATCHPAD_USER);
        return attr;
    }

    /**
     * {@link #createAttr()} plus post-ops run on each output in registers before it is stored, in
     * this order: {@code eltwise} with {@code alpha} ({@link #ELTWISE_SWISH}: {@code y·sigmoid(alpha·y)};
     * {@link #ELTWISE_LINEAR}: {@code alpha·y}; {@link #ELTWISE_NONE}), then, for a nonzero
     * {@code sumScale}, {@code y += sumScale·old}, what the destination held.
     */
    MemorySegment createAttr(int eltwise, float alpha, float sumScale) {
        MemorySegment attr = createAttr();
        MemorySegment postOps = created("dnnl_post_ops_create", postOpsCreate);
        try {
            if (eltwise != ELTWISE_NONE) call("dnnl_post_ops_append_eltwise", postOpsAppendEltwise, postOps, eltwise, alpha, 0f);
            if (sumScale != 0f) call("dnnl_post_ops_append_sum", postOpsAppendSum, postOps, sumScale, 0, DATA_TYPE_UNDEF);
            call("dnnl_primitive_attr_set_post_ops", attrSetPostOps, attr, postOps);
        } catch (RuntimeException e) {
            destroyAttr(attr);
            throw e;
        } finally {
            call("dnnl_post_ops_destroy", postOpsDestroy, postOps);
        }
        return attr;
    }

    /** A matmul primitive descriptor; {@code bias} may be {@link MemorySegment#NULL}. Throws when unsupported. */
    MemorySegment matmulDesc(MemorySegment engine, MemorySegment src, MemorySegment weights, MemorySegment bias,
                             MemorySegment dst, MemorySegment attr) {
        return created("dnnl_matmul_primitive_desc_create", matmulDescCreate, engine, src, weights, bias, dst, attr);
    }

    MemorySegment reorderDesc(MemorySegment engine, MemorySegment src, MemorySegment dst, MemorySegment attr) {
        return created("dnnl_reorder_primitive_desc_create", reorderDescCreate, src, engine, dst, engine, attr);
    }

    /** An inference softmax primitive descriptor over {@code axis} of {@code src}, into {@code dst} (which may be the same memory). */
    MemorySegment softmaxDesc(MemorySegment engine, MemorySegment src, MemorySegment dst, int axis, MemorySegment attr) {
        return created("dnnl_softmax_forward_primitive_desc_create", softmaxDescCreate, engine, FORWARD_INFERENCE,
                SOFTMAX_ACCURATE, src, dst, axis, attr);
    }

    /** The implementation oneDNN chose, e.g. "brg_matmul:avx512_core_bf16". */
    String implementation(MemorySegment primitiveDesc) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(A);
            call("dnnl_primitive_desc_query", descQuery, primitiveDesc, QUERY_IMPL_INFO_STR, 0, out);
            return out.get(A, 0).reinterpret(256).getString(0);
        }
    }

    /** A memory descriptor of the primitive descriptor (owned by it: clone to keep). */
    MemorySegment queryMd(MemorySegment primitiveDesc, int what) {
        try {
            MemorySegment md = (MemorySegment) descQueryMd.invokeExact(primitiveDesc, what, 0);
            if (md.equals(MemorySegment.NULL)) throw new IllegalStateException("dnnl_primitive_desc_query_md(" + what + ") failed");
            return md;
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw failure("dnnl_primitive_desc_query_md", t);
        }
    }

    MemorySegment createPrimitive(MemorySegment primitiveDesc) {
        return created("dnnl_primitive_create", primitiveCreate, primitiveDesc);
    }

    void destroyEngine(MemorySegment h) {
        call("dnnl_engine_destroy", engineDestroy, h);
    }

    void destroyStream(MemorySegment h) {
        call("dnnl_stream_destroy", streamDestroy, h);
    }

    void destroyMemoryDesc(MemorySegment h) {
        call("dnnl_memory_desc_destroy", memoryDescDestroy, h);
    }

    void destroyAttr(MemorySegment h) {
        call("dnnl_primitive_attr_destroy", attrDestroy, h);
    }

    void destroyPrimitiveDesc(MemorySegment h) {
        call("dnnl_primitive_desc_destroy", descDestroy, h);
    }

    void destroyPrimitive(MemorySegment h) {
        call("dnnl_primitive_destroy", primitiveDestroy, h);
    }

    // --- the per-call path: exact invocations, no boxing ---

    /** A memory object over {@code data} (not owned); {@code slot} is one pointer of scratch for the out-parameter. */
    MemorySegment createMemory(MemorySegment slot, MemorySegment md, MemorySegment engine, MemorySegment data) {
        int status;
        try {
            status = (int) memoryCreate.invokeExact(slot, md, engine, data);
        } catch (Throwable t) {
            throw failure("dnnl_memory_create", t);
        }
        check("dnnl_memory_create", status);
        return slot.get(A, 0);
    }

    void destroyMemory(MemorySegment memory) {
        int status;
        try {
            status = (int) memoryDestroy.invokeExact(memory);
        } catch (Throwable t) {
            throw failure("dnnl_memory_destroy", t);
        }
        check("dnnl_memory_destroy", status);
    }

    /** Runs a primitive on {@code args} ({@link #EXEC_ARG} entries) and waits for it. */
    void execute(MemorySegment primitive, MemorySegment stream, int nargs, MemorySegment args) {
        int status;
        try {
            status = (int) primitiveExecute.invokeExact(primitive, stream, nargs, args);
            if (status == SUCCESS) status = (int) streamWait.invokeExact(stream);
        } catch (Throwable t) {
            throw failure("dnnl_primitive_execute", t);
        }
        check("dnnl_primitive_execute", status);
    }

    /** Throws naming the call and the status when {@code status} is not {@code dnnl_success}. */
    static void check(String call, int status) {
        if (status != SUCCESS) {
            String name = status >= 0 && status < STATUS_NAMES.length ? STATUS_NAMES[status] : "status " + status;
            throw new IllegalStateException(call + " failed: dnnl_" + name);
        }
    }

    /** A call with an out-parameter first: returns the handle it wrote. */
    private static MemorySegment created(String name, MethodHandle h, Object... rest) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(A);
            Object[] args = new Object[rest.length + 1];
            args[0] = out;
            System.arraycopy(rest, 0, args, 1, rest.length);
            call(name, h, args);
            return out.get(A, 0);
        }
    }

    private static void call(String name, MethodHandle h, Object... args) {
        int status;
        try {
            status = (int) h.invokeWithArguments(args);
        } catch (Throwable t) {
            throw failure(name, t);
        }
        check(name, status);
    }

    private static IllegalStateException failure(String call, Throwable t) {
        return new IllegalStateException(call + " could not be called: " + t, t);
    }

    private static MethodHandle handle(Linker linker, SymbolLookup lookup, String name, FunctionDescriptor fd) {
        MemorySegment symbol = lookup.find(name).orElseThrow(() -> new UnsatisfiedLinkError("oneDNN symbol not found: " + name));
        return linker.downcallHandle(symbol, fd);
    }

    /** The native library from the {@code org.bytedeco:dnnl} platform jar, extracted into JavaCPP's cache. */
    private static File extract(String library) {
        String resource = "/org/bytedeco/dnnl/" + Loader.getPlatform() + "/" + library;
        try {
            File file = Loader.cacheResource(resource);
            if (file == null) throw new UnsatisfiedLinkError(resource + " not on the class path");
            return file;
        } catch (IOException e) {
            UnsatisfiedLinkError error = new UnsatisfiedLinkError("cannot extract " + resource + ": " + FailureText.of(e));
            error.initCause(e);
            throw error;
        }
    }
}
