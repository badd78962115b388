package dev.vitface.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Gets the vector kernels compiled before the first image needs them. Until C2 compiles a
 * Vector API loop it runs a Java fallback that allocates an object per operation and is many
 * times slower than the scalar code, so an unwarmed first forward pass took several seconds
 * longer than the next. A daemon thread runs each kernel on small dummy rows while the model
 * loads and the first image decodes; it touches no shared state.
 */
public final class KernelWarmup {
    private static final int ROUNDS = 400;
    private static final int COLS = 1024;
    private static final int ROWS = 4;
    private static volatile boolean started;

    private KernelWarmup() {}

    /** Starts the warm-up once per JVM; later calls do nothing. */
    public static void startOnce(Kernels kernels) {
        if (started || kernels instanceof ScalarKernels) return;
        synchronized (KernelWarmup.class) {
            if (started) return;
            started = true;
        }
        Thread t = new Thread(() -> run(kernels), "vitface-kernel-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static void run(Kernels k) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment x = arena.allocate((long) ROWS * COLS * Float.BYTES, 64);
            MemorySegment y = arena.allocate((long) ROWS * COLS * Float.BYTES, 64);
            MemorySegment w = arena.allocate((long) COLS * Float.BYTES, 64);
            for (int i = 0; i < ROWS * COLS; i++) x.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i, (i % 13) * 0.1f);
            for (int round = 0; round < ROUNDS; round++) {
                k.layerNorm(x, 0, y, 0, ROWS, COLS, w, w, 1e-5f);
                k.softmaxRows(y, 0, ROWS, COLS, COLS);
                k.addBiasQuickGelu(y, 0, ROWS, COLS, w);
                k.addBias(y, 0, ROWS, COLS, COLS, w);
                k.addBiasResidual(y, 0, x, 0, ROWS, COLS, w);
                k.add(y, 0, x, 0, COLS);
            }
        }
    }
}
