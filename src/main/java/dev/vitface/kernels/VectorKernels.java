package dev.vitface.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels. Each loop: a vector body up to {@code loopBound}, then a scalar tail.
 * Reductions keep two accumulators so consecutive FMAs do not wait on each other. Only loaded
 * when {@link VectorSupport#available()} (see {@link VectorKernelsHolder}).
 */
final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final int LANES = F.length();
    /** The order of every float the scalar tails and the twin {@link ScalarKernels} read: the platform's. */
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    @Override
    public String name() {
        return "vector(" + F.vectorBitSize() + "-bit)";
    }

    @Override
    public void layerNorm(MemorySegment x, long xOff, MemorySegment y, long yOff, int rows, int cols,
                          MemorySegment gamma, MemorySegment beta, float eps) {
        int bound = F.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            long xs = (xOff + (long) r * cols) * 4;
            long ys = (yOff + (long) r * cols) * 4;
            float mean = sum(x, xs, cols) / cols;
            FloatVector vMean = FloatVector.broadcast(F, mean);
            FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
            int c = 0;
            for (; c + LANES < bound; c += 2 * LANES) {
                FloatVector d0 = load(x, xs + c * 4L).sub(vMean);
                FloatVector d1 = load(x, xs + (c + LANES) * 4L).sub(vMean);
                acc0 = d0.fma(d0, acc0);
                acc1 = d1.fma(d1, acc1);
            }
            for (; c < bound; c += LANES) {
                FloatVector d = load(x, xs + c * 4L).sub(vMean);
                acc0 = d.fma(d, acc0);
            }
            float sq = sumLanes(acc0.add(acc1));
            for (; c < cols; c++) {
                float d = x.get(JAVA_FLOAT_UNALIGNED, xs + c * 4L) - mean;
                sq += d * d;
            }
            float rstd = rstd(sq, cols, eps);
            FloatVector vRstd = FloatVector.broadcast(F, rstd);
            for (c = 0; c < bound; c += LANES) {
                FloatVector v = load(x, xs + c * 4L).sub(vMean).mul(vRstd);
                v.fma(load(gamma, c * 4L), load(beta, c * 4L)).intoMemorySegment(y, ys + c * 4L, NATIVE);
            }
            for (; c < cols; c++) {
                float v = (getF(x, xs + c * 4L) - mean) * rstd;
                setF(y, ys + c * 4L, Math.fma(v, getF(gamma, c * 4L), getF(beta, c * 4L)));
            }
        }
    }

    @Override
    public void softmaxRows(MemorySegment s, long off, int rows, int cols, int ld) {
        int bound = F.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            long rs = (off + (long) r * ld) * 4;
            FloatVector vMax = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
            int c = 0;
            for (; c < bound; c += LANES) vMax = vMax.max(load(s, rs + c * 4L));
            float max = vMax.reduceLanes(VectorOperators.MAX);
            for (; c < cols; c++) max = Math.max(max, getF(s, rs + c * 4L));
            FloatVector bMax = FloatVector.broadcast(F, max);
            FloatVector vSum = FloatVector.zero(F);
            for (c = 0; c < bound; c += LANES) {
                FloatVector e = exp(load(s, rs + c * 4L).sub(bMax));
                e.intoMemorySegment(s, rs + c * 4L, NATIVE);
                vSum = vSum.add(e);
            }
            float sum = sumLanes(vSum);
            for (; c < cols; c++) {
                float e = Exp.exp(getF(s, rs + c * 4L) - max);
                setF(s, rs + c * 4L, e);
                sum += e;
            }
            float inv = 1f / sum;
            FloatVector vInv = FloatVector.broadcast(F, inv);
            for (c = 0; c < bound; c += LANES) load(s, rs + c * 4L).mul(vInv).intoMemorySegment(s, rs + c * 4L, NATIVE);
            for (; c < cols; c++) setF(s, rs + c * 4L, getF(s, rs + c * 4L) * inv);
        }
    }

    @Override
    public void add(MemorySegment dst, long dstOff, MemorySegment src, long srcOff, long count) {
        long d = dstOff * 4, s = srcOff * 4;
        long bound = F.loopBound(count);
        long i = 0;
        for (; i < bound; i += LANES) {
            load(dst, d + i * 4).add(load(src, s + i * 4)).intoMemorySegment(dst, d + i * 4, NATIVE);
        }
        for (; i < count; i++) setF(dst, d + i * 4, getF(dst, d + i * 4) + getF(src, s + i * 4));
    }

    @Override
    public void addBias(MemorySegment y, long off, int rows, int cols, int ld, MemorySegment bias) {
        int bound = F.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            long rs = (off + (long) r * ld) * 4;
            int c = 0;
            for (; c < bound; c += LANES) {
                load(y, rs + c * 4L).add(load(bias, c * 4L)).intoMemorySegment(y, rs + c * 4L, NATIVE);
            }
            for (; c < cols; c++) setF(y, rs + c * 4L, getF(y, rs + c * 4L) + getF(bias, c * 4L));
        }
    }

    @Override
    public void addBiasQuickGelu(MemorySegment y, long off, int rows, int cols, MemorySegment bias) {
        int bound = F.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            long rs = (off + (long) r * cols) * 4;
            int c = 0;
            for (; c < bound; c += LANES) {
                FloatVector v = load(y, rs + c * 4L).add(load(bias, c * 4L));
                // x * sigmoid(1.702 x) = x / (1 + exp(-1.702 x))
                FloatVector e = exp(v.mul(-1.702f)).add(1f);
                v.div(e).intoMemorySegment(y, rs + c * 4L, NATIVE);
            }
            for (; c < cols; c++) {
                float v = getF(y, rs + c * 4L) + getF(bias, c * 4L);
                setF(y, rs + c * 4L, v / (Exp.exp(v * -1.702f) + 1f));
            }
        }
    }

    @Override
    public void addBiasResidual(MemorySegment h, long hOff, MemorySegment y, long yOff, int rows, int cols,
                                MemorySegment bias) {
        int bound = F.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            long hs = (hOff + (long) r * cols) * 4;
            long ys = (yOff + (long) r * cols) * 4;
            int c = 0;
            for (; c < bound; c += LANES) {
                FloatVector v = load(y, ys + c * 4L).add(load(bias, c * 4L));
                load(h, hs + c * 4L).add(v).intoMemorySegment(h, hs + c * 4L, NATIVE);
            }
            for (; c < cols; c++) {
                setF(h, hs + c * 4L, getF(h, hs + c * 4L) + (getF(y, ys + c * 4L) + getF(bias, c * 4L)));
            }
        }
    }

    /**
     * Vectorised across columns, where the tokens are contiguous, and streaming the matrix row by
     * row: each of the three passes (sums, squared deviations, normalise) walks the features in
     * order and, within a feature's row, every column, keeping the per-column sums in small
     * arrays. Walking one column block down all features instead (sums in registers) strode a
     * cache line per load and ran 13× slower than the token-major layerNorm. Every column runs
     * the same float sequence over f, in a vector lane or in the scalar tail, so its result does
     * not depend on where it landed: no lane reductions.
     */
    @Override
    public void layerNormColumns(MemorySegment x, long xOff, MemorySegment y, long yOff, int features, int count,
                                 int ld, MemorySegment gamma, MemorySegment beta, float eps) {
        float[] mean = new float[count];
        float[] scale = new float[count];
        columnSums(x, xOff, features, count, ld, mean);
        for (int c = 0; c < count; c++) mean[c] /= features;
        columnSquaredDeviations(x, xOff, features, count, ld, mean, scale);
        for (int c = 0; c < count; c++) scale[c] = rstd(scale[c], features, eps);
        normaliseColumns(x, xOff, y, yOff, features, count, ld, mean, scale, gamma, beta);
    }

    // layerNormColumns's three passes are three methods so that C2 compiles each loop nest on its
    // own: as one method it compiled the whole of it once per loop it entered on-stack, then again
    // (four compilations, ~0.5 s of C2 time on the first image).

    private static void columnSums(MemorySegment x, long xOff, int features, int count, int ld, float[] sums) {
        int bound = F.loopBound(count);
        for (int f = 0; f < features; f++) {
            long xs = (xOff + (long) f * ld) * 4;
            int c = 0;
            for (; c < bound; c += LANES) FloatVector.fromArray(F, sums, c).add(load(x, xs + c * 4L)).intoArray(sums, c);
            for (; c < count; c++) sums[c] += getF(x, xs + c * 4L);
        }
    }

    private static void columnSquaredDeviations(MemorySegment x, long xOff, int features, int count, int ld,
                                                float[] mean, float[] squares) {
        int bound = F.loopBound(count);
        for (int f = 0; f < features; f++) {
            long xs = (xOff + (long) f * ld) * 4;
            int c = 0;
            for (; c < bound; c += LANES) {
                FloatVector d = load(x, xs + c * 4L).sub(FloatVector.fromArray(F, mean, c));
                d.fma(d, FloatVector.fromArray(F, squares, c)).intoArray(squares, c);
            }
            for (; c < count; c++) {
                float d = getF(x, xs + c * 4L) - mean[c];
                squares[c] = Math.fma(d, d, squares[c]);
            }
        }
    }

    private static void normaliseColumns(MemorySegment x, long xOff, MemorySegment y, long yOff, int features,
                                         int count, int ld, float[] mean, float[] scale, MemorySegment gamma,
                                         MemorySegment beta) {
        int bound = F.loopBound(count);
        for (int f = 0; f < features; f++) {
            long xs = (xOff + (long) f * ld) * 4;
            long ys = (yOff + (long) f * ld) * 4;
            float g = getF(gamma, f * 4L);
            float b = getF(beta, f * 4L);
            FloatVector vg = FloatVector.broadcast(F, g);
            FloatVector vb = FloatVector.broadcast(F, b);
            int c = 0;
            for (; c < bound; c += LANES) {
                load(x, xs + c * 4L).sub(FloatVector.fromArray(F, mean, c)).mul(FloatVector.fromArray(F, scale, c))
                        .fma(vg, vb).intoMemorySegment(y, ys + c * 4L, NATIVE);
            }
            for (; c < count; c++) setF(y, ys + c * 4L, Math.fma((getF(x, xs + c * 4L) - mean[c]) * scale[c], g, b));
        }
    }

    @Override
    public void addRowBias(MemorySegment y, long off, int rows, int cols, int ld, MemorySegment bias) {
        int bound = F.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            long rs = (off + (long) r * ld) * 4;
            float b = getF(bias, r * 4L);
            FloatVector vb = FloatVector.broadcast(F, b);
            int c = 0;
            for (; c < bound; c += LANES) load(y, rs + c * 4L).add(vb).intoMemorySegment(y, rs + c * 4L, NATIVE);
            for (; c < cols; c++) setF(y, rs + c * 4L, getF(y, rs + c * 4L) + b);
        }
    }

    /** Element for element the arithmetic of {@link #addBiasQuickGelu}, so both layouts give the same bits. */
    @Override
    public void addRowBiasQuickGelu(MemorySegment y, long off, int rows, int cols, int ld, MemorySegment bias) {
        int bound = F.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            long rs = (off + (long) r * ld) * 4;
            float b = getF(bias, r * 4L);
            FloatVector vb = FloatVector.broadcast(F, b);
            int c = 0;
            for (; c < bound; c += LANES) {
                FloatVector v = load(y, rs + c * 4L).add(vb);
                v.div(exp(v.mul(-1.702f)).add(1f)).intoMemorySegment(y, rs + c * 4L, NATIVE);
            }
            for (; c < cols; c++) {
                float v = getF(y, rs + c * 4L) + b;
                setF(y, rs + c * 4L, v / (Exp.exp(v * -1.702f) + 1f));
            }
        }
    }

    /** {@code h + (y + bias)} in that order, like {@link #addBiasResidual}, so both layouts give the same bits. */
    @Override
    public void addRowBiasResidual(MemorySegment h, long hOff, MemorySegment y, long yOff, int rows, int cols, int ld,
                                   MemorySegment bias) {
        int bound = F.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            long hs = (hOff + (long) r * ld) * 4;
            long ys = (yOff + (long) r * ld) * 4;
            float b = getF(bias, r * 4L);
            FloatVector vb = FloatVector.broadcast(F, b);
            int c = 0;
            for (; c < bound; c += LANES) {
                FloatVector v = load(y, ys + c * 4L).add(vb);
                load(h, hs + c * 4L).add(v).intoMemorySegment(h, hs + c * 4L, NATIVE);
            }
            for (; c < cols; c++) setF(h, hs + c * 4L, getF(h, hs + c * 4L) + (getF(y, ys + c * 4L) + b));
        }
    }

    /** Pure data movement: the scalar twin's tiled loop is the whole job. */
    @Override
    public void transpose(MemorySegment src, long srcOff, int rows, int cols, int srcLd, MemorySegment dst,
                          long dstOff, int dstLd) {
        ScalarKernels.INSTANCE.transpose(src, srcOff, rows, cols, srcLd, dst, dstOff, dstLd);
    }

    /** {@code 1 / sqrt(sq / n + eps)} from a float sum of squared deviations: LayerNorm's biased variance. */
    private static float rstd(float sq, int n, float eps) {
        return (float) (1.0 / Math.sqrt(sq / n + eps));
    }

    /** {@link Exp#exp} lane by lane, step for step, so vector lanes and scalar tails agree to the bit. */
    static FloatVector exp(FloatVector x) {
        x = x.max(Exp.MIN_X).min(Exp.MAX_X);
        FloatVector n = x.mul(Exp.LOG2E).add(Exp.ROUND).sub(Exp.ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(F, -Exp.LN2_HI), x);
        r = n.fma(FloatVector.broadcast(F, -Exp.LN2_LO), r);
        FloatVector p = r.fma(FloatVector.broadcast(F, Exp.P0), FloatVector.broadcast(F, Exp.P1));
        p = p.fma(r, FloatVector.broadcast(F, Exp.P2));
        p = p.fma(r, FloatVector.broadcast(F, Exp.P3));
        p = p.fma(r, FloatVector.broadcast(F, Exp.P4));
        p = p.fma(r, FloatVector.broadcast(F, Exp.P5));
        p = p.fma(r.mul(r), r).add(1f);
        IntVector bits = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats());
    }

    private static float sum(MemorySegment x, long byteOff, int n) {
        int bound = F.loopBound(n);
        FloatVector acc0 = FloatVector.zero(F), acc1 = FloatVector.zero(F);
        int i = 0;
        for (; i + LANES < bound; i += 2 * LANES) {
            acc0 = acc0.add(load(x, byteOff + i * 4L));
            acc1 = acc1.add(load(x, byteOff + (i + LANES) * 4L));
        }
        for (; i < bound; i += LANES) acc0 = acc0.add(load(x, byteOff + i * 4L));
        float s = sumLanes(acc0.add(acc1));
        for (; i < n; i++) s += getF(x, byteOff + i * 4L);
        return s;
    }

    /**
     * Lanes summed left to right. Not {@code reduceLanes(ADD)}: its order is unspecified, and the
     * Java fallback and the C2 intrinsic do differ, which made repeated runs differ in the last bit.
     */
    private static float sumLanes(FloatVector v) {
        float[] lanes = v.toArray();
        float s = 0f;
        for (float lane : lanes) s += lane;
        return s;
    }

    private static FloatVector load(MemorySegment s, long byteOff) {
        return FloatVector.fromMemorySegment(F, s, byteOff, NATIVE);
    }


    private static float getF(MemorySegment s, long byteOff) {
        return s.get(JAVA_FLOAT_UNALIGNED, byteOff);
    }

    private static void setF(MemorySegment s, long byteOff, float v) {
        s.set(JAVA_FLOAT_UNALIGNED, byteOff, v);
    }
}
