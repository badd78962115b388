package dev.vitface.kernels;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * {@link VectorKernels}' arithmetic one lane at a time: the same float operations in the same
 * order, so the same bits (KernelsTest). Element-wise kernels are the vector kernels' scalar
 * tails run over the whole row; the reductions keep an array of {@code lanes} partial sums where
 * the vector kernels keep a vector, and add them up as they do.
 *
 * <p>Why: until C2 has compiled them, the vector kernels run as the Vector API's allocating
 * fallback, and compiling them and the API's own methods took about 1 s of C2 time on the two
 * cores that ran a process's first image. A run of an image or two is over before that pays for
 * itself; these plain loops compile in a fraction of it ({@code engine.BackendSelector} picks them
 * for such runs). Only built where the Vector API is readable: {@code lanes} is its vector width.
 */
final class LaneKernels implements Kernels {
    private final int lanes;

    LaneKernels(int lanes) {
        if (lanes < 1) throw new IllegalArgumentException("lanes must be positive, got " + lanes);
        this.lanes = lanes;
    }

    @Override
    public String name() {
        return "lane(" + lanes + " floats, the vector kernels' bits)";
    }

    /** {@code FloatVector.SPECIES_PREFERRED.loopBound(n)}: the end of the whole vectors. */
    private int loopBound(int n) {
        return n - n % lanes;
    }

    @Override
    public void layerNorm(MemorySegment x, long xOff, MemorySegment y, long yOff, int rows, int cols,
                          MemorySegment gamma, MemorySegment beta, float eps) {
        int bound = loopBound(cols);
        float[] acc0 = new float[lanes];
        float[] acc1 = new float[lanes];
        for (int r = 0; r < rows; r++) {
            long xs = (xOff + (long) r * cols) * 4;
            long ys = (yOff + (long) r * cols) * 4;
            float mean = sum(x, xs, cols, acc0, acc1) / cols;
            Arrays.fill(acc0, 0f);
            Arrays.fill(acc1, 0f);
            int c = 0;
            for (; c + lanes < bound; c += 2 * lanes) {
                for (int j = 0; j < lanes; j++) {
                    float d0 = getF(x, xs + (c + j) * 4L) - mean;
                    float d1 = getF(x, xs + (c + lanes + j) * 4L) - mean;
                    acc0[j] = Math.fma(d0, d0, acc0[j]);
                    acc1[j] = Math.fma(d1, d1, acc1[j]);
                }
            }
            for (; c < bound; c += lanes) {
                for (int j = 0; j < lanes; j++) {
                    float d = getF(x, xs + (c + j) * 4L) - mean;
                    acc0[j] = Math.fma(d, d, acc0[j]);
                }
            }
            float sq = sumLanes(acc0, acc1);
            for (; c < cols; c++) {
                float d = getF(x, xs + c * 4L) - mean;
                sq += d * d;
            }
            float rstd = rstd(sq, cols, eps);
            for (c = 0; c < cols; c++) {
                float v = (getF(x, xs + c * 4L) - mean) * rstd;
                setF(y, ys + c * 4L, Math.fma(v, getF(gamma, c * 4L), getF(beta, c * 4L)));
            }
        }
    }

    @Override
    public void softmaxRows(MemorySegment s, long off, int rows, int cols, int ld) {
        int bound = loopBound(cols);
        float[] acc = new float[lanes];
        for (int r = 0; r < rows; r++) {
            long rs = (off + (long) r * ld) * 4;
            float max = Float.NEGATIVE_INFINITY; // Math.max is order-free: the vector's lane reduction gives this
            for (int c = 0; c < cols; c++) max = Math.max(max, getF(s, rs + c * 4L));
            Arrays.fill(acc, 0f);
            int c = 0;
            for (; c < bound; c += lanes) {
                for (int j = 0; j < lanes; j++) {
                    float e = Exp.exp(getF(s, rs + (c + j) * 4L) - max);
                    setF(s, rs + (c + j) * 4L, e);
                    acc[j] += e;
                }
            }
            float sum = sumLanes(acc, null);
            for (; c < cols; c++) {
                float e = Exp.exp(getF(s, rs + c * 4L) - max);
                setF(s, rs + c * 4L, e);
                sum += e;
            }
            float inv = 1f / sum;
            for (c = 0; c < cols; c++) setF(s, rs + c * 4L, getF(s, rs + c * 4L) * inv);
        }
    }

    @Override
    public void add(MemorySegment dst, long dstOff, MemorySegment src, long srcOff, long count) {
        long d = dstOff * 4, s = srcOff * 4;
        for (long i = 0; i < count; i++) setF(dst, d + i * 4, getF(dst, d + i * 4) + getF(src, s + i * 4));
    }

    @Override
    public void addBias(MemorySegment y, long off, int rows, int cols, int ld, MemorySegment bias) {
        for (int r = 0; r < rows; r++) {
            long rs = (off + (long) r * ld) * 4;
            for (int c = 0; c < cols; c++) setF(y, rs + c * 4L, getF(y, rs + c * 4L) + getF(bias, c * 4L));
        }
    }

    @Override
    public void addBiasQuickGelu(MemorySegment y, long off, int rows, int cols, MemorySegment bias) {
        for (int r = 0; r < rows; r++) {
            long rs = (off + (long) r * cols) * 4;
            for (int c = 0; c < cols; c++) {
                float v = getF(y, rs + c * 4L) + getF(bias, c * 4L);
                setF(y, rs + c * 4L, v / (Exp.exp(v * -1.702f) + 1f));
            }
        }
    }

    @Override
    public void addBiasResidual(MemorySegment h, long hOff, MemorySegment y, long yOff, int rows, int cols,
                                MemorySegment bias) {
        for (int r = 0; r < rows; r++) {
            long hs = (hOff + (long) r * cols) * 4;
            long ys = (yOff + (long) r * cols) * 4;
            for (int c = 0; c < cols; c++) {
                setF(h, hs + c * 4L, getF(h, hs + c * 4L) + (getF(y, ys + c * 4L) + getF(bias, c * 4L)));
            }
        }
    }

    @Override
    public void layerNormColumns(MemorySegment x, long xOff, MemorySegment y, long yOff, int features, int count,
                                 int ld, MemorySegment gamma, MemorySegment beta, float eps) {
        float[] mean = new float[count];
        float[] scale = new float[count];
        for (int f = 0; f < features; f++) {
            long xs = (xOff + (long) f * ld) * 4;
            for (int c = 0; c < count; c++) mean[c] += getF(x, xs + c * 4L);
        }
        for (int c = 0; c < count; c++) mean[c] /= features;
        for (int f = 0; f < features; f++) {
            long xs = (xOff + (long) f * ld) * 4;
            for (int c = 0; c < count; c++) {
                float d = getF(x, xs + c * 4L) - mean[c];
                scale[c] = Math.fma(d, d, scale[c]);
            }
        }
        for (int c = 0; c < count; c++) scale[c] = rstd(scale[c], features, eps);
        for (int f = 0; f < features; f++) {
            long xs = (xOff + (long) f * ld) * 4;
            long ys = (yOff + (long) f * ld) * 4;
            float g = getF(gamma, f * 4L);
            float b = getF(beta, f * 4L);
            for (int c = 0; c < count; c++) setF(y, ys + c * 4L, Math.fma((getF(x, xs + c * 4L) - mean[c]) * scale[c], g, b));
        }
    }

    @Override
    public void addRowBias(MemorySegment y, long off, int rows, int cols, int ld, MemorySegment bias) {
        for (int r = 0; r < rows; r++) {
            long rs = (off + (long) r * ld) * 4;
            float b = getF(bias, r * 4L);
            for (int c = 0; c < cols; c++) setF(y, rs + c * 4L, getF(y, rs + c * 4L) + b);
        }
    }

    @Override
    public void addRowBiasQuickGelu(MemorySegment y, long off, int rows, int cols, int ld, MemorySegment bias) {
        for (int r = 0; r < rows; r++) {
            long rs = (off + (long) r * ld) * 4;
            float b = getF(bias, r * 4L);
            for (int c = 0; c < cols; c++) {
                float v = getF(y, rs + c * 4L) + b;
                setF(y, rs + c * 4L, v / (Exp.exp(v * -1.702f) + 1f));
            }
        }
    }

    @Override
    public void addRowBiasResidual(MemorySegment h, long hOff, MemorySegment y, long yOff, int rows, int cols, int ld,
                                   MemorySegment bias) {
        for (int r = 0; r < rows; r++) {
            long hs = (hOff + (long) r * ld) * 4;
            long ys = (yOff + (long) r * ld) * 4;
            float b = getF(bias, r * 4L);
            for (int c = 0; c < cols; c++) setF(h, hs + c * 4L, getF(h, hs + c * 4L) + (getF(y, ys + c * 4L) + b));
        }
    }

    @Override
    public void transpose(MemorySegment src, long srcOff, int rows, int cols, int srcLd, MemorySegment dst,
                          long dstOff, int dstLd) {
        ScalarKernels.INSTANCE.transpose(src, srcOff, rows, cols, srcLd, dst, dstOff, dstLd);
    }

    /** VectorKernels.sum: two vector accumulators over pairs of vectors, then one, their lanes, then the tail. */
    private float sum(MemorySegment x, long byteOff, int n, float[] acc0, float[] acc1) {
        int bound = loopBound(n);
        Arrays.fill(acc0, 0f);
        Arrays.fill(acc1, 0f);
        int i = 0;
        for (; i + lanes < bound; i += 2 * lanes) {
            for (int j = 0; j < lanes; j++) {
                acc0[j] += getF(x, byteOff + (i + j) * 4L);
                acc1[j] += getF(x, byteOff + (i + lanes + j) * 4L);
            }
        }
        for (; i < bound; i += lanes) {
            for (int j = 0; j < lanes; j++) acc0[j] += getF(x, byteOff + (i + j) * 4L);
        }
        float s = sumLanes(acc0, acc1);
        for (; i < n; i++) s += getF(x, byteOff + i * 4L);
        return s;
    }

    /** VectorKernels.sumLanes of {@code a} (plus {@code b} lane by lane first, unless null): left to right from 0. */
    private float sumLanes(float[] a, float[] b) {
        float s = 0f;
        for (int j = 0; j < lanes; j++) s += b == null ? a[j] : a[j] + b[j];
        return s;
    }

    private static float rstd(float sq, int n, float eps) {
        return (float) (1.0 / Math.sqrt(sq / n + eps));
    }

    private static float getF(MemorySegment s, long byteOff) {
        return s.get(JAVA_FLOAT_UNALIGNED, byteOff);
    }

    private static void setF(MemorySegment s, long byteOff, float v) {
        s.set(JAVA_FLOAT_UNALIGNED, byteOff, v);
    }
}
