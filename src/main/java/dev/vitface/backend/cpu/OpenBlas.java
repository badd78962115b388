package dev.vitface.backend.cpu;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import dev.vitface.backend.NativeLoadError;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The OpenBLAS library bundled by {@code org.bytedeco:openblas}: loads it once and reaches the
 * {@code openblas_*} control functions the preset does not map (core name, thread count) through
 * FFM downcalls on the addresses JavaCPP resolves.
 */
public final class OpenBlas {
    private static volatile OpenBlas instance;

    private final MethodHandle getCoreName;
    private final MethodHandle getConfig;
    private final MethodHandle setNumThreads;
    private final MethodHandle getNumThreads;
    private int singleThreadedHolders; // guarded by this
    private int threadsBeforeSingle;   // guarded by this

    /**
     * OpenBLAS's thread count is one setting for the whole process. The engine runs OpenBLAS
     * single-threaded inside its own pool; while it does, this holds the setting at one, and the
     * last holder to close puts back what the first one found, so that the caller's own BLAS work
     * (in a library user's process) gets its threads back once the engine is closed.
     */
    public final class SingleThreaded implements AutoCloseable {
        private boolean closed;

        private SingleThreaded() {}

        @Override
        public void close() {
            synchronized (OpenBlas.this) {
                if (closed) return;
                closed = true;
                if (--singleThreadedHolders == 0) setThreads(threadsBeforeSingle);
            }
        }
    }

    private OpenBlas() {
        Loader.load(openblas_nolapack.class);
        Linker linker = Linker.nativeLinker();
        getCoreName = linker.downcallHandle(symbol("openblas_get_corename"), FunctionDescriptor.of(ValueLayout.ADDRESS));
        getConfig = linker.downcallHandle(symbol("openblas_get_config"), FunctionDescriptor.of(ValueLayout.ADDRESS));
        setNumThreads = linker.downcallHandle(symbol("openblas_set_num_threads"),
                FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
        getNumThreads = linker.downcallHandle(symbol("openblas_get_num_threads"), FunctionDescriptor.of(ValueLayout.JAVA_INT));
    }

    /** Loads the library; throws {@link UnsatisfiedLinkError} (a {@link LinkageError}) if it cannot. */
    public static OpenBlas load() {
        OpenBlas local = instance;
        if (local == null) {
            synchronized (OpenBlas.class) {
                if (instance == null) {
                    try {
                        instance = new OpenBlas();
                    } catch (LinkageError e) {
                        throw NativeLoadError.of("OpenBLAS", e);
                    }
                }
                local = instance;
            }
        }
        return local;
    }

    /** The kernel family OpenBLAS picked for this CPU (DYNAMIC_ARCH), e.g. "Haswell", "SkylakeX". */
    public String coreName() {
        return cString(invoke(getCoreName));
    }

    /** Build configuration, e.g. "OpenBLAS 0.3.31 DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=64". */
    public String config() {
        return cString(invoke(getConfig)).trim();
    }

    /** Sets OpenBLAS to one thread until the returned scope closes (see {@link SingleThreaded}). */
    public synchronized SingleThreaded singleThreaded() {
        if (singleThreadedHolders++ == 0) {
            threadsBeforeSingle = threads();
            setThreads(1);
        }
        return new SingleThreaded();
    }

    /** Sets the process-wide thread count; prefer {@link #singleThreaded()}, which puts it back. */
    public void setThreads(int threads) {
        try {
            setNumThreads.invokeExact(threads);
        } catch (Throwable t) {
            throw new IllegalStateException("openblas_set_num_threads failed", t);
        }
    }

    public int threads() {
        try {
            return (int) getNumThreads.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("openblas_get_num_threads failed", t);
        }
    }

    private static MemorySegment symbol(String name) {
        Pointer p = Loader.addressof(name);
        if (p == null || p.isNull()) throw new UnsatisfiedLinkError("OpenBLAS symbol not found: " + name);
        return MemorySegment.ofAddress(p.address());
    }

    private static MemorySegment invoke(MethodHandle h) {
        try {
            return (MemorySegment) h.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("OpenBLAS call failed", t);
        }
    }

    private static String cString(MemorySegment s) {
        return s.equals(MemorySegment.NULL) ? "unknown" : s.reinterpret(1024).getString(0);
    }
}
