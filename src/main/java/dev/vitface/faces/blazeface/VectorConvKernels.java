package dev.vitface.faces.blazeface;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API convolutions; each loop runs vectors up to {@code loopBound}, then a scalar tail.
 * Only loaded when {@link dev.vitface.kernels.VectorSupport#available()} (see {@link VectorConvKernelsHolder}).
 *
 * The k×k convolutions' output rows ({@link PlanarConvKernels}) run four vectors at a time.
 */
final class VectorConvKernels extends PlanarConvKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = F.length();

    /**
     * One output row: {@code out[o + ox] = start + Σ_t w[wOff + t] · planes[base + taps[t] + ox]},
     * then ReLU when asked. Four vectors at a time, so each weight is broadcast once per 4 vectors;
     * then single vectors, then the remaining outputs one at a time, by the float kernels.
     */
    @Override
    void outputRow(float[] planes, int base, int[] taps, float[] w, int wOff, float start, boolean relu, float[] out,
                   int o, int width) {
        int ox = 0;
        for (; ox + 4 * LANES <= width; ox += 4 * LANES) {
            FloatVector a0 = FloatVector.broadcast(F, start), a1 = a0, a2 = a0, a3 = a0;
            for (int t = 0; t < taps.length; t++) {
                FloatVector wt = FloatVector.broadcast(F, w[wOff + t]);
                int at = base + taps[t] + ox;
                a0 = FloatVector.fromArray(F, planes, at).fma(wt, a0);
                a1 = FloatVector.fromArray(F, planes, at + LANES).fma(wt, a1);
                a2 = FloatVector.fromArray(F, planes, at + 2 * LANES).fma(wt, a2);
                a3 = FloatVector.fromArray(F, planes, at + 3 * LANES).fma(wt, a3);
            }
            if (relu) {
                a0 = a0.max(0f);
                a1 = a1.max(0f);
                a2 = a2.max(0f);
                a3 = a3.max(0f);
            }
            a0.intoArray(out, o + ox);
            a1.intoArray(out, o + ox + LANES);
            a2.intoArray(out, o + ox + 2 * LANES);
            a3.intoArray(out, o + ox + 3 * LANES);
        }
        for (; ox + LANES <= width; ox += LANES) {
            FloatVector acc = FloatVector.broadcast(F, start);
            for (int t = 0; t < taps.length; t++) {
                acc = FloatVector.fromArray(F, planes, base + taps[t] + ox).fma(FloatVector.broadcast(F, w[wOff + t]), acc);
            }
            if (relu) acc = acc.max(0f);
            acc.intoArray(out, o + ox);
        }
        FloatConvKernels.outputPixels(planes, base, taps, w, wOff, start, relu, out, o, ox, width);
    }

    /**
     * Register-blocked: 4 output channels × 2 vectors of pixels per tile (8 accumulators), the
     * input rows of a pixel tile stay in L1 while every output-channel block passes over them.
     */
    @Override
    public void pointwise(float[] in, int cin, int pixels, float[] w, float[] bias, int cout, float[] residual,
                          int residualChannels, boolean relu, float[] out) {
        int tile = 2 * LANES;
        int p = 0;
        for (; p + tile <= pixels; p += tile) {
            int co = 0;
            for (; co + 4 <= cout; co += 4) {
                tile4x2(in, cin, pixels, w, co, p, bias, residual, residualChannels, relu, out);
            }
            for (; co < cout; co++) {
                row(in, cin, pixels, w, co, p, p + tile, bias, residual, residualChannels, relu, out);
            }
        }
        if (p < pixels) {
            for (int co = 0; co < cout; co++) row(in, cin, pixels, w, co, p, pixels, bias, residual, residualChannels, relu, out);
        }
    }

    private static void tile4x2(float[] in, int cin, int pixels, float[] w, int co, int p, float[] bias,
                                float[] residual, int residualChannels, boolean relu, float[] out) {
        FloatVector a00 = FloatVector.broadcast(F, bias[co]), a01 = a00;
        FloatVector a10 = FloatVector.broadcast(F, bias[co + 1]), a11 = a10;
        FloatVector a20 = FloatVector.broadcast(F, bias[co + 2]), a21 = a20;
        FloatVector a30 = FloatVector.broadcast(F, bias[co + 3]), a31 = a30;
        int w0 = co * cin, w1 = w0 + cin, w2 = w1 + cin, w3 = w2 + cin;
        for (int ci = 0; ci < cin; ci++) {
            int at = ci * pixels + p;
            FloatVector x0 = FloatVector.fromArray(F, in, at);
            FloatVector x1 = FloatVector.fromArray(F, in, at + LANES);
            FloatVector b = FloatVector.broadcast(F, w[w0 + ci]);
            a00 = x0.fma(b, a00);
            a01 = x1.fma(b, a01);
            b = FloatVector.broadcast(F, w[w1 + ci]);
            a10 = x0.fma(b, a10);
            a11 = x1.fma(b, a11);
            b = FloatVector.broadcast(F, w[w2 + ci]);
            a20 = x0.fma(b, a20);
            a21 = x1.fma(b, a21);
            b = FloatVector.broadcast(F, w[w3 + ci]);
            a30 = x0.fma(b, a30);
            a31 = x1.fma(b, a31);
        }
        store(a00, co, p, pixels, residual, residualChannels, relu, out);
        store(a01, co, p + LANES, pixels, residual, residualChannels, relu, out);
        store(a10, co + 1, p, pixels, residual, residualChannels, relu, out);
        store(a11, co + 1, p + LANES, pixels, residual, residualChannels, relu, out);
        store(a20, co + 2, p, pixels, residual, residualChannels, relu, out);
        store(a21, co + 2, p + LANES, pixels, residual, residualChannels, relu, out);
        store(a30, co + 3, p, pixels, residual, residualChannels, relu, out);
        store(a31, co + 3, p + LANES, pixels, residual, residualChannels, relu, out);
    }

    /** The epilogue: shortcut add for the shortcut's channels, then ReLU. */
    private static void store(FloatVector acc, int co, int p, int pixels, float[] residual, int residualChannels,
                              boolean relu, float[] out) {
        int at = co * pixels + p;
        if (co < residualChannels) acc = acc.add(FloatVector.fromArray(F, residual, at));
        if (relu) acc = acc.max(0f);
        acc.intoArray(out, at);
    }

    /** One output channel over pixels [from, to): vectors, then the rest one at a time. */
    private static void row(float[] in, int cin, int pixels, float[] w, int co, int from, int to, float[] bias,
                            float[] residual, int residualChannels, boolean relu, float[] out) {
        int p = from;
        for (; p + LANES <= to; p += LANES) {
            FloatVector acc = FloatVector.broadcast(F, bias[co]);
            for (int ci = 0; ci < cin; ci++) {
                acc = FloatVector.fromArray(F, in, ci * pixels + p).fma(FloatVector.broadcast(F, w[co * cin + ci]), acc);
            }
            store(acc, co, p, pixels, residual, residualChannels, relu, out);
        }
        for (; p < to; p++) { // the same fused multiply-adds, residual and ReLU, one lane
            float a = bias[co];
            for (int ci = 0; ci < cin; ci++) a = Math.fma(in[ci * pixels + p], w[co * cin + ci], a);
            if (co < residualChannels) a += residual[co * pixels + p];
            out[co * pixels + p] = relu ? Math.max(0f, a) : a;
        }
    }
}
