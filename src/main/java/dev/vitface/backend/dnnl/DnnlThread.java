package dev.vitface.backend.dnnl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * What one thread needs to run oneDNN primitives: its own stream, its scratchpad (primitives are
 * created with a user scratchpad, so that any thread may run them: the library's shared one
 * would tie each primitive to the thread that created it), its buffer of BF16 operands and the
 * native argument array of {@code dnnl_primitive_execute}.
 *
 * <p>Creating it sets the thread's OpenMP team to one thread: the engine's pool already runs one
 * row block per core, and oneDNN's own threads would nest under it and spin on cores the other
 * workers need (as OpenBLAS's would; see {@code OpenBlasBackend}).
 */
final class DnnlThread implements AutoCloseable {
    static final int MAX_ARGS = 5;

    private final OneDnn dnnl;
    private final Arena arena = Arena.ofShared();
    private final NativeBuffer source = new NativeBuffer();
    private final NativeBuffer scratchpad = new NativeBuffer();
    final MemorySegment stream;
    /** One pointer: the out-parameter of dnnl_memory_create. */
    final MemorySegment slot;
    /** {@link #MAX_ARGS} dnnl_exec_arg_t entries. */
    final MemorySegment args;

    DnnlThread(OneDnn dnnl, MemorySegment engine) {
        this.dnnl = dnnl;
        dnnl.setOmpThreads(1);
        this.stream = dnnl.createStream(engine);
        this.slot = arena.allocate(ValueLayout.ADDRESS);
        this.args = arena.allocate(OneDnn.EXEC_ARG, MAX_ARGS);
    }

    /** The buffer a call rounds its BF16 operands into (a linear layer's source, or both operands of attention's products). */
    MemorySegment source(long bytes) {
        return source.atLeast(bytes);
    }

    MemorySegment scratchpad(long bytes) {
        return scratchpad.atLeast(Math.max(bytes, 1));
    }

    /** Sets argument {@code index} of {@link #args}. */
    void arg(int index, int kind, MemorySegment memory) {
        long at = index * OneDnn.EXEC_ARG.byteSize();
        args.set(ValueLayout.JAVA_INT, at, kind);
        args.set(ValueLayout.ADDRESS, at + OneDnn.EXEC_ARG_MEMORY, memory);
    }

    @Override
    public void close() {
        dnnl.destroyStream(stream);
        source.close();
        scratchpad.close();
        arena.close();
    }
}
