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
 *
 * <p>Each row is copied into a float array, worked on there and copied back: a bulk copy runs at
 * native speed in every tier, while each {@code MemorySegment} access is dozens of interpreted
 * calls until the JIT has inlined them, and loops over arrays compile sooner and cheaper. On
 * ViT-L/14 that took a first forward pass from 1.35-1.6 s to 0.95-1.0 s (docs/PERFORMANCE.md).
 */
final class LaneKernels implements Kernels {
    /** Floats {@link #add} copies at a time. */
    private static final int CHUNK = 4096;

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
        float[] g = load(gamma, 0, cols);
        float[] b = load(beta, 0, cols);
        float[] row = new float[cols];
        float[] acc0 = new float[lanes];
        float[] acc1 = new float[lanes];
        for (int r = 0; r < rows; r++) {
            read(x, xOff + (long) r * cols, row, cols);
            normalizeRow(row, cols, g, b, eps, acc0, acc1);
            write(row, cols, y, yOff + (long) r * cols);
        }
    }

    /** One row of {@link #layerNorm}, in place. */
    private void normalizeRow(float[] row, int cols, float[] gamma, float[] beta, float eps, float[] acc0, float[] acc1) {
        int bound = loopBound(cols);
        float mean = sum(row, cols, acc0, acc1) / cols;
        Arrays.fill(acc0, 0f);
        Arrays.fill(acc1, 0f);
        int c = 0;
        for (; c + lanes < bound; c += 2 * lanes) {
            for (int j = 0; j < lanes; j++) {
                float d0 = row[c + j] - mean;
                float d1 = row[c + lanes + j] - mean;
                acc0[j] = Math.fma(d0, d0, acc0[j]);
                acc1[j] = Math.fma(d1, d1, acc1[j]);
            }
        }
        for (; c < bound; c += lanes) {
            for (int j = 0; j < lanes; j++) {
                float d = row[c + j] - mean;
                acc0[j] = Math.fma(d, d, acc0[j]);
            }
        }
        float sq = sumLanes(acc0, acc1);
        for (; c < cols; c++) {
            float d = row[c] - mean;
            sq += d * d;
        }
        float rstd = rstd(sq, cols, eps);
        for (c = 0; c < cols; c++) row[c] = Math.fma((row[c] - mean) * rstd, gamma[c], beta[c]);
    }

    @Override
    public void softmaxRows(MemorySegment s, long off, int rows, int cols, int ld) {
        float[] row = new float[cols];
        float[] acc = new float[lanes];
        for (int r = 0; r < rows; r++) {
            read(s, off + (long) r * ld, row, cols);
            softmaxRow(row, cols, acc);
            write(row, cols, s, off + (long) r * ld);
        }
    }

    /** One row of {@link #softmaxRows}, in place. */
    private void softmaxRow(float[] row, int cols, float[] acc) {
        int bound = loopBound(cols);
        float max = Float.NEGATIVE_INFINITY; // Math.max is order-free: the vector's lane reduction gives this
        for (int c = 0; c < cols; c++) max = Math.max(max, row[c]);
        Arrays.fill(acc, 0f);
        int c = 0;
        for (; c < bound; c += lanes) {
            for (int j = 0; j < lanes; j++) {
                float e = Exp.exp(row[c + j] - max);
                row[c + j] = e;
                acc[j] += e;
            }
        }
        float sum = sumLanes(acc, null);
        for (; c < cols; c++) {
            float e = Exp.exp(row[c] - max);
            row[c] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (c = 0; c < cols; c++) row[c] *= inv;
    }

    @Override
    public void add(MemorySegment dst, long dstOff, MemorySegment src, long srcOff, long count) {
        int chunk = (int) Math.min(count, CHUNK);
        float[] d = new float[chunk];
        float[] s = new float[chunk];
        for (long i = 0; i < count; i += chunk) {
            int n = (int) Math.min(chunk, count - i);
            read(dst, dstOff + i, d, n);
            read(src, srcOff + i, s, n);
            for (int k = 0; k < n; k++) d[k] += s[k];
            write(d, n, dst, dstOff + i);
        }
    }

    @Override
    public void addBias(MemorySegment y, long off, int rows, int cols, int ld, MemorySegment bias) {
        addBias(y, off, rows, cols, ld, bias, false, false);
    }

    @Override
    public void addBiasQuickGelu(MemorySegment y, long off, int rows, int cols, MemorySegment bias) {
        addBias(y, off, rows, cols, cols, bias, false, true);
    }

    @Override
    public void addBiasResidual(MemorySegment h, long hOff, MemorySegment y, long yOff, int rows, int cols,
                                MemorySegment bias) {
        addBiasResidual(h, hOff, y, yOff, rows, cols, cols, bias, false);
    }

    @Override
    public void layerNormColumns(MemorySegment x, long xOff, MemorySegment y, long yOff, int features, int count,
                                 int ld, MemorySegment gamma, MemorySegment beta, float eps) {
        float[] mean = new float[count];
        float[] scale = new float[count];
        float[] row = new float[count];
        for (int f = 0; f < features; f++) {
            read(x, xOff + (long) f * ld, row, count);
            for (int c = 0; c < count; c++) mean[c] += row[c];
        }
        for (int c = 0; c < count; c++) mean[c] /= features;
        for (int f = 0; f < features; f++) {
            read(x, xOff + (long) f * ld, row, count);
            for (int c = 0; c < count; c++) {
                float d = row[c] - mean[c];
                scale[c] = Math.fma(d, d, scale[c]);
            }
        }
        for (int c = 0; c < count; c++) scale[c] = rstd(scale[c], features, eps);
        for (int f = 0; f < features; f++) {
            read(x, xOff + (long) f * ld, row, count);
            float g = getF(gamma, f);
            float b = getF(beta, f);
            for (int c = 0; c < count; c++) row[c] = Math.fma((row[c] - mean[c]) * scale[c], g, b);
            write(row, count, y, yOff + (long) f * ld);
        }
    }

    @Override
    public void addRowBias(MemorySegment y, long off, int rows, int cols, int ld, MemorySegment bias) {
        addBias(y, off, rows, cols, ld, bias, true, false);
    }

    @Override
    public void addRowBiasQuickGelu(MemorySegment y, long off, int rows, int cols, int ld, MemorySegment bias) {
        addBias(y, off, rows, cols, ld, bias, true, true);
    }

    @Override
    public void addRowBiasResidual(MemorySegment h, long hOff, MemorySegment y, long yOff, int rows, int cols, int ld,
                                   MemorySegment bias) {
        addBiasResidual(h, hOff, y, yOff, rows, cols, ld, bias, true);
    }

    /**
     * {@code y[r, c] += bias}, then quick-GELU with {@code gelu}, for rows {@code ld} apart: the bias of
     * column c ({@code perRow} false, token-major) or of row r (feature-major).
     */
    private static void addBias(MemorySegment y, long off, int rows, int cols, int ld, MemorySegment bias,
                                boolean perRow, boolean gelu) {
        float[] b = perRow ? new float[cols] : load(bias, 0, cols);
        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
            if (perRow) Arrays.fill(b, getF(bias, r));
            read(y, off + (long) r * ld, row, cols);
            for (int c = 0; c < cols; c++) {
                float v = row[c] + b[c];
                row[c] = gelu ? quickGelu(v) : v;
            }
            write(row, cols, y, off + (long) r * ld);
        }
    }

    /** {@code h[r, c] += y[r, c] + bias} for rows {@code ld} apart in both, the bias as {@link #addBias} takes it. */
    private static void addBiasResidual(MemorySegment h, long hOff, MemorySegment y, long yOff, int rows, int cols,
                                        int ld, MemorySegment bias, boolean perRow) {
        float[] b = perRow ? new float[cols] : load(bias, 0, cols);
        float[] hr = new float[cols];
        float[] yr = new float[cols];
        for (int r = 0; r < rows; r++) {
            if (perRow) Arrays.fill(b, getF(bias, r));
            read(h, hOff + (long) r * ld, hr, cols);
            read(y, yOff + (long) r * ld, yr, cols);
            for (int c = 0; c < cols; c++) hr[c] += yr[c] + b[c];
            write(hr, cols, h, hOff + (long) r * ld);
        }
    }

    @Override
    public void transpose(MemorySegment src, long srcOff, int rows, int cols, int srcLd, MemorySegment dst,
                          long dstOff, int dstLd) {
        ScalarKernels.INSTANCE.transpose(src, srcOff, rows, cols, srcLd, dst, dstOff, dstLd);
    }

    /** VectorKernels.sum: two vector accumulators over pairs of vectors, then one, their lanes, then the tail. */
    private float sum(float[] x, int n, float[] acc0, float[] acc1) {
        int bound = loopBound(n);
        Arrays.fill(acc0, 0f);
        Arrays.fill(acc1, 0f);
        int i = 0;
        for (; i + lanes < bound; i += 2 * lanes) {
            for (int j = 0; j < lanes; j++) {
                acc0[j] += x[i + j];
                acc1[j] += x[i + lanes + j];
            }
        }
        for (; i < bound; i += lanes) {
            for (int j = 0; j < lanes; j++) acc0[j] += x[i + j];
        }
        float s = sumLanes(acc0, acc1);
        for (; i < n; i++) s += x[i];
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

    /** The vector kernels' scalar tail of quick-GELU: {@code v * sigmoid(1.702 v)} as {@code v / (exp(-1.702 v) + 1)}. */
    private static float quickGelu(float v) {
        return v / (Exp.exp(v * -1.702f) + 1f);
    }

    /** {@code n} floats from float offset {@code off}, in one bulk copy (native speed, also before any JIT). */
    private static void read(MemorySegment s, long off, float[] into, int n) {
        MemorySegment.copy(s, JAVA_FLOAT_UNALIGNED, off * 4, into, 0, n);
    }

    private static void write(float[] from, int n, MemorySegment s, long off) {
        MemorySegment.copy(from, 0, s, JAVA_FLOAT_UNALIGNED, off * 4, n);
    }

    private static float[] load(MemorySegment s, long off, int n) {
        float[] a = new float[n];
        read(s, off, a, n);
        return a;
    }

    private static float getF(MemorySegment s, long index) {
        return s.getAtIndex(JAVA_FLOAT_UNALIGNED, index);
    }
}
