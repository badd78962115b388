package dev.vitface.kernels;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;

import java.lang.foreign.MemorySegment;

/**
 * Reference kernels: plain loops, sums in double. Slow, simple, and what the fast path is checked
 * against. Unaligned access because a safetensors header need not be padded to 4 bytes.
 */
public final class ScalarKernels implements Kernels {
    public static final ScalarKernels INSTANCE = new ScalarKernels();
    /** Transpose tile edge: a 32×32 float tile of source and of destination (4 KiB each) stays in L1. */
    private static final int TILE = 32;

    private ScalarKernels() {}

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void layerNorm(MemorySegment x, long xOff, MemorySegment y, long yOff, int rows, int cols,
                          MemorySegment gamma, MemorySegment beta, float eps) {
        for (int r = 0; r < rows; r++) {
            long xs = xOff + (long) r * cols;
            long ys = yOff + (long) r * cols;
            double sum = 0;
            for (int c = 0; c < cols; c++) sum += get(x, xs + c);
            double mean = sum / cols;
            double sq = 0;
            for (int c = 0; c < cols; c++) {
                double d = get(x, xs + c) - mean;
                sq += d * d;
            }
            double rstd = 1.0 / Math.sqrt(sq / cols + eps);
            for (int c = 0; c < cols; c++) {
                double v = (get(x, xs + c) - mean) * rstd * get(gamma, c) + get(beta, c);
                set(y, ys + c, (float) v);
            }
        }
    }

    @Override
    public void softmaxRows(MemorySegment s, long off, int rows, int cols, int ld) {
        for (int r = 0; r < rows; r++) {
            long rs = off + (long) r * ld;
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) max = Math.max(max, get(s, rs + c));
            double sum = 0;
            for (int c = 0; c < cols; c++) sum += Math.exp(get(s, rs + c) - max);
            for (int c = 0; c < cols; c++) set(s, rs + c, (float) (Math.exp(get(s, rs + c) - max) / sum));
        }
    }

    @Override
    public void add(MemorySegment dst, long dstOff, MemorySegment src, long srcOff, long count) {
        for (long i = 0; i < count; i++) set(dst, dstOff + i, get(dst, dstOff + i) + get(src, srcOff + i));
    }

    @Override
    public void addBias(MemorySegment y, long off, int rows, int cols, int ld, MemorySegment bias) {
        for (int r = 0; r < rows; r++) {
            long rs = off + (long) r * ld;
            for (int c = 0; c < cols; c++) set(y, rs + c, get(y, rs + c) + get(bias, c));
        }
    }

    @Override
    public void addBiasQuickGelu(MemorySegment y, long off, int rows, int cols, MemorySegment bias) {
        for (int r = 0; r < rows; r++) {
            long rs = off + (long) r * cols;
            for (int c = 0; c < cols; c++) {
                double v = get(y, rs + c) + get(bias, c);
                set(y, rs + c, (float) (v / (1.0 + Math.exp(-1.702 * v))));
            }
        }
    }

    @Override
    public void addBiasResidual(MemorySegment h, long hOff, MemorySegment y, long yOff, int rows, int cols,
                                MemorySegment bias) {
        for (int r = 0; r < rows; r++) {
            long hs = hOff + (long) r * cols;
            long ys = yOff + (long) r * cols;
            for (int c = 0; c < cols; c++) {
                set(h, hs + c, (float) ((double) get(h, hs + c) + get(y, ys + c) + get(bias, c)));
            }
        }
    }

    @Override
    public void layerNormColumns(MemorySegment x, long xOff, MemorySegment y, long yOff, int features, int count,
                                 int ld, MemorySegment gamma, MemorySegment beta, float eps) {
        for (int c = 0; c < count; c++) {
            long xs = xOff + c;
            long ys = yOff + c;
            double sum = 0;
            for (int f = 0; f < features; f++) sum += get(x, xs + (long) f * ld);
            double mean = sum / features;
            double sq = 0;
            for (int f = 0; f < features; f++) {
                double d = get(x, xs + (long) f * ld) - mean;
                sq += d * d;
            }
            double rstd = 1.0 / Math.sqrt(sq / features + eps);
            for (int f = 0; f < features; f++) {
                double v = (get(x, xs + (long) f * ld) - mean) * rstd * get(gamma, f) + get(beta, f);
                set(y, ys + (long) f * ld, (float) v);
            }
        }
    }

    @Override
    public void addRowBias(MemorySegment y, long off, int rows, int cols, int ld, MemorySegment bias) {
        for (int r = 0; r < rows; r++) {
            long rs = off + (long) r * ld;
            float b = get(bias, r);
            for (int c = 0; c < cols; c++) set(y, rs + c, get(y, rs + c) + b);
        }
    }

    @Override
    public void addRowBiasQuickGelu(MemorySegment y, long off, int rows, int cols, int ld, MemorySegment bias) {
        for (int r = 0; r < rows; r++) {
            long rs = off + (long) r * ld;
            float b = get(bias, r);
            for (int c = 0; c < cols; c++) {
                double v = get(y, rs + c) + b;
                set(y, rs + c, (float) (v / (1.0 + Math.exp(-1.702 * v))));
            }
        }
    }

    @Override
    public void addRowBiasResidual(MemorySegment h, long hOff, MemorySegment y, long yOff, int rows, int cols, int ld,
                                   MemorySegment bias) {
        for (int r = 0; r < rows; r++) {
            long hs = hOff + (long) r * ld;
            long ys = yOff + (long) r * ld;
            float b = get(bias, r);
            for (int c = 0; c < cols; c++) {
                set(h, hs + c, (float) ((double) get(h, hs + c) + get(y, ys + c) + b));
            }
        }
    }

    /**
     * Tile by tile, so that neither the strided writes nor the strided reads walk a whole
     * {@code ld}-wide column through the cache; each tile's rows move in bulk copies and are
     * turned around in an array, which is quick even before the JIT has compiled anything (the
     * first image's forward pass). Pure data movement: {@code VectorKernels} calls this too.
     */
    @Override
    public void transpose(MemorySegment src, long srcOff, int rows, int cols, int srcLd, MemorySegment dst,
                          long dstOff, int dstLd) {
        float[] in = new float[TILE * TILE];
        float[] out = new float[TILE * TILE];
        for (int r0 = 0; r0 < rows; r0 += TILE) {
            int h = Math.min(rows, r0 + TILE) - r0;
            for (int c0 = 0; c0 < cols; c0 += TILE) {
                int w = Math.min(cols, c0 + TILE) - c0;
                for (int r = 0; r < h; r++) {
                    MemorySegment.copy(src, JAVA_FLOAT_UNALIGNED, (srcOff + (long) (r0 + r) * srcLd + c0) * Float.BYTES,
                            in, r * TILE, w);
                }
                for (int c = 0; c < w; c++) {
                    for (int r = 0; r < h; r++) out[c * TILE + r] = in[r * TILE + c];
                }
                for (int c = 0; c < w; c++) {
                    MemorySegment.copy(out, c * TILE, dst, JAVA_FLOAT_UNALIGNED,
                            (dstOff + (long) (c0 + c) * dstLd + r0) * Float.BYTES, h);
                }
            }
        }
    }

    private static float get(MemorySegment s, long index) {
        return s.getAtIndex(JAVA_FLOAT_UNALIGNED, index);
    }

    private static void set(MemorySegment s, long index, float v) {
        s.setAtIndex(JAVA_FLOAT_UNALIGNED, index, v);
    }
}
