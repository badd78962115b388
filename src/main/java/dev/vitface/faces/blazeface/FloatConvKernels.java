package dev.vitface.faces.blazeface;

/**
 * {@link VectorConvKernels}' arithmetic one float at a time: every output starts from the same
 * value and takes the same fused multiply-adds in the same order, so the bits are the same
 * (ConvKernelsTest). Eight outputs of a row at a time, in eight accumulators, so that no partial sum goes
 * through memory (C2 does not vectorise these loops: it cannot rule out that the arrays alias).
 * Before C2 has compiled them they run as plain interpreted or C1 code, not as the Vector API's
 * allocating fallback: see {@link WarmingConvKernels}.
 */
final class FloatConvKernels extends PlanarConvKernels {
    static final FloatConvKernels INSTANCE = new FloatConvKernels();

    private FloatConvKernels() {}

    @Override
    void outputRow(float[] planes, int base, int[] taps, float[] w, int wOff, float start, boolean relu, float[] out,
                   int o, int width) {
        int ox = 0;
        for (; ox + 8 <= width; ox += 8) {
            float a0 = start, a1 = start, a2 = start, a3 = start, a4 = start, a5 = start, a6 = start, a7 = start;
            for (int t = 0; t < taps.length; t++) {
                float wt = w[wOff + t];
                int at = base + taps[t] + ox;
                a0 = Math.fma(planes[at], wt, a0);
                a1 = Math.fma(planes[at + 1], wt, a1);
                a2 = Math.fma(planes[at + 2], wt, a2);
                a3 = Math.fma(planes[at + 3], wt, a3);
                a4 = Math.fma(planes[at + 4], wt, a4);
                a5 = Math.fma(planes[at + 5], wt, a5);
                a6 = Math.fma(planes[at + 6], wt, a6);
                a7 = Math.fma(planes[at + 7], wt, a7);
            }
            store8(out, o + ox, relu, a0, a1, a2, a3, a4, a5, a6, a7);
        }
        outputPixels(planes, base, taps, w, wOff, start, relu, out, o, ox, width);
    }

    /**
     * Outputs {@code [from, to)} of a k×k output row one at a time, each as {@link #outputRow}
     * (and the vector kernels' scalar tail) computes it.
     */
    static void outputPixels(float[] planes, int base, int[] taps, float[] w, int wOff, float start, boolean relu,
                             float[] out, int o, int from, int to) {
        for (int ox = from; ox < to; ox++) {
            float a = start;
            for (int t = 0; t < taps.length; t++) a = Math.fma(planes[base + taps[t] + ox], w[wOff + t], a);
            out[o + ox] = relu ? Math.max(0f, a) : a;
        }
    }

    /**
     * A 1×1 convolution is an output row of {@code cin} taps, one per input channel plane
     * ({@code ci·pixels} apart): {@link #outputRow} computes each output channel, and the residual
     * is added to what it stored, then the ReLU, as the vector kernels add them to the sum.
     */
    @Override
    public void pointwise(float[] in, int cin, int pixels, float[] w, float[] bias, int cout, float[] residual,
                          int residualChannels, boolean relu, float[] out) {
        int[] channels = new int[cin];
        for (int ci = 0; ci < cin; ci++) channels[ci] = ci * pixels;
        for (int co = 0; co < cout; co++) {
            int at = co * pixels;
            boolean addsResidual = co < residualChannels;
            outputRow(in, 0, channels, w, co * cin, bias[co], relu && !addsResidual, out, at, pixels);
            if (!addsResidual) continue;
            for (int p = at; p < at + pixels; p++) {
                float a = out[p] + residual[p];
                out[p] = relu ? Math.max(0f, a) : a;
            }
        }
    }

    private static void store8(float[] out, int at, boolean relu, float a0, float a1, float a2, float a3, float a4,
                               float a5, float a6, float a7) {
        out[at] = relu ? Math.max(0f, a0) : a0;
        out[at + 1] = relu ? Math.max(0f, a1) : a1;
        out[at + 2] = relu ? Math.max(0f, a2) : a2;
        out[at + 3] = relu ? Math.max(0f, a3) : a3;
        out[at + 4] = relu ? Math.max(0f, a4) : a4;
        out[at + 5] = relu ? Math.max(0f, a5) : a5;
        out[at + 6] = relu ? Math.max(0f, a6) : a6;
        out[at + 7] = relu ? Math.max(0f, a7) : a7;
    }
}
