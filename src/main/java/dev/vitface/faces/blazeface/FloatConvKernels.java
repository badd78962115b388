package dev.vitface.faces.blazeface;

import java.util.Arrays;

/**
 * {@link VectorConvKernels}' arithmetic one float at a time: every output starts from the same
 * value and takes the same fused multiply-adds in the same order, so the bits are the same
 * (ConvKernelsTest). The loops run along the output innermost, where C2 vectorises them itself.
 * Until it has, they run as plain interpreted or C1 code, not as the Vector API's allocating
 * fallback: see {@link ConvKernels}.
 */
final class FloatConvKernels extends PlanarConvKernels {
    static final FloatConvKernels INSTANCE = new FloatConvKernels();

    private FloatConvKernels() {}

    @Override
    void outputRow(float[] planes, int base, int[] taps, float[] w, int wOff, float start, boolean relu, float[] out,
                   int o, int width) {
        Arrays.fill(out, o, o + width, start);
        for (int t = 0; t < taps.length; t++) {
            float wt = w[wOff + t];
            int at = base + taps[t] - o;
            for (int i = o; i < o + width; i++) out[i] = Math.fma(planes[at + i], wt, out[i]);
        }
        if (relu) relu(out, o, o + width);
    }

    @Override
    public void pointwise(float[] in, int cin, int pixels, float[] w, float[] bias, int cout, float[] residual,
                          int residualChannels, boolean relu, float[] out) {
        for (int co = 0; co < cout; co++) {
            int at = co * pixels;
            Arrays.fill(out, at, at + pixels, bias[co]);
            for (int ci = 0; ci < cin; ci++) {
                float wt = w[co * cin + ci];
                int from = ci * pixels - at;
                for (int i = at; i < at + pixels; i++) out[i] = Math.fma(in[from + i], wt, out[i]);
            }
            if (co < residualChannels) {
                for (int i = at; i < at + pixels; i++) out[i] += residual[i];
            }
            if (relu) relu(out, at, at + pixels);
        }
    }

    private static void relu(float[] a, int from, int to) {
        for (int i = from; i < to; i++) a[i] = Math.max(0f, a[i]);
    }
}
