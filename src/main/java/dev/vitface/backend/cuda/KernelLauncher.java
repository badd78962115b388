package dev.vitface.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Launches the kernels on one stream with {@code cuLaunchKernel}. The argument block (one 8-byte
 * slot per parameter, and the {@code void*[]} pointing at the slots) is allocated once and reused:
 * the driver copies argument values at launch, so nothing native is allocated per launch. Each
 * launch's argument kinds are checked against {@link Kernel#parameters()} before the call. Not
 * thread-safe: one launcher per forward pass.
 *
 * <pre>launcher.start(Kernel.ADD_BIAS_F32).ptr(y).ptr(bias).i64(rows).i32(cols).launch(LaunchGrid.rowWise(rows, cols));</pre>
 */
public final class KernelLauncher implements AutoCloseable {
    static final int MAX_PARAMETERS = 16;

    private final KernelModules modules;
    private final CUstream_st stream;
    private final boolean syncEachLaunch;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment slots = arena.allocate(8L * MAX_PARAMETERS, 8);
    private final PointerPointer<Pointer> parameters = new PointerPointer<>(MAX_PARAMETERS);
    private Kernel kernel;
    private int count;

    /**
     * @param syncEachLaunch synchronise after every launch, so an asynchronous fault names its kernel
     *                       (debugging; never while capturing a graph)
     */
    public KernelLauncher(KernelModules modules, CUstream_st stream, boolean syncEachLaunch) {
        this.modules = modules;
        this.stream = stream;
        this.syncEachLaunch = syncEachLaunch;
        for (int i = 0; i < MAX_PARAMETERS; i++) parameters.put(i, new AddressPointer(slots.address() + 8L * i));
    }

    public KernelLauncher start(Kernel k) {
        kernel = k;
        count = 0;
        return this;
    }

    public KernelLauncher ptr(Pointer p) {
        slots.setAtIndex(ValueLayout.JAVA_LONG, next('p'), p.address());
        return this;
    }

    public KernelLauncher i64(long v) {
        slots.setAtIndex(ValueLayout.JAVA_LONG, next('l'), v);
        return this;
    }

    public KernelLauncher i32(int v) {
        slots.set(ValueLayout.JAVA_INT, 8L * next('i'), v);
        return this;
    }

    public KernelLauncher f32(float v) {
        slots.set(ValueLayout.JAVA_FLOAT, 8L * next('f'), v);
        return this;
    }

    public void launch(LaunchGrid grid) {
        if (kernel == null) throw new IllegalStateException("launch() without start()");
        if (count != kernel.parameters().length()) {
            throw new IllegalStateException(kernel.symbol() + " takes " + kernel.parameters().length() + " arguments, got " + count);
        }
        Kernel k = kernel;
        kernel = null;
        CudaChecks.driver(cudart.cuLaunchKernel(modules.function(k), (int) grid.blocks(), 1, 1, grid.threads(), 1, 1, 0,
                stream, parameters, null), "cuLaunchKernel(" + k.symbol() + ")");
        if (syncEachLaunch) CudaChecks.cudart(cudart.cudaStreamSynchronize(stream), "cudaStreamSynchronize after " + k.symbol());
    }

    private int next(char kind) {
        if (kernel == null) throw new IllegalStateException("argument before start()");
        if (count >= kernel.parameters().length()) {
            throw new IllegalStateException(kernel.symbol() + " takes " + kernel.parameters().length() + " arguments");
        }
        char expected = kernel.parameters().charAt(count);
        if (expected != kind) {
            throw new IllegalStateException(kernel.symbol() + " argument " + count + " must be of kind '" + expected
                    + "', got '" + kind + "'");
        }
        return count++;
    }

    @Override
    public void close() {
        parameters.close();
        arena.close();
    }
}
