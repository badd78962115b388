package dev.vitface.faces.blazeface;

/**
 * The k×k convolutions of {@link ConvKernels} as output rows over zero-padded {@link PhasePlanes}:
 * every tap of an output row is then a contiguous run, with no bounds tests in the inner loop.
 * Subclasses compute the rows and the 1×1 convolutions.
 */
abstract class PlanarConvKernels implements ConvKernels {

    @Override
    public final void convRelu(float[] in, int cin, int side, float[] w, float[] bias, int cout, int k, int stride,
                               int padBegin, float[] out, int outSide) {
        PhasePlanes ph = PhasePlanes.of(k, stride, outSide);
        float[] planes = new float[cin * ph.size()];
        for (int ci = 0; ci < cin; ci++) ph.fill(in, ci, side, padBegin, planes, ci * ph.size());
        int[] taps = new int[cin * k * k];
        for (int ci = 0; ci < cin; ci++) {
            for (int t = 0; t < k * k; t++) taps[ci * k * k + t] = ci * ph.size() + ph.tap(t / k, t % k);
        }
        for (int co = 0; co < cout; co++) {
            for (int oy = 0; oy < outSide; oy++) {
                outputRow(planes, oy * stride * ph.cols(), taps, w, co * taps.length, bias[co], true, out,
                        (co * outSide + oy) * outSide, outSide);
            }
        }
    }

    @Override
    public final void depthwise(float[] in, int channels, int side, float[] w, int k, int stride, int padBegin,
                                float[] out, int outSide) {
        PhasePlanes ph = PhasePlanes.of(k, stride, outSide);
        float[] planes = new float[ph.size()];
        int[] taps = new int[k * k];
        for (int t = 0; t < taps.length; t++) taps[t] = ph.tap(t / k, t % k);
        for (int c = 0; c < channels; c++) {
            ph.fill(in, c, side, padBegin, planes, 0);
            for (int oy = 0; oy < outSide; oy++) {
                outputRow(planes, oy * stride * ph.cols(), taps, w, c * taps.length, 0f, false, out,
                        (c * outSide + oy) * outSide, outSide);
            }
        }
    }

    /**
     * One output row: {@code out[o + ox] = start + Σ_t w[wOff + t] · planes[base + taps[t] + ox]}
     * as fused multiply-adds in tap order, then ReLU when asked.
     */
    abstract void outputRow(float[] planes, int base, int[] taps, float[] w, int wOff, float start, boolean relu,
                            float[] out, int o, int width);
}
