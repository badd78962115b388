package dev.vitface.faces.blazeface;

/** The reference: the convolution formulas as written, accumulated in double. */
final class ScalarConvKernels implements ConvKernels {
    static final ScalarConvKernels INSTANCE = new ScalarConvKernels();

    private ScalarConvKernels() {}

    @Override
    public void convRelu(float[] in, int cin, int side, float[] w, float[] bias, int cout, int k, int stride,
                         int padBegin, float[] out, int outSide) {
        for (int co = 0; co < cout; co++) {
            for (int oy = 0; oy < outSide; oy++) {
                for (int ox = 0; ox < outSide; ox++) {
                    double acc = bias[co];
                    for (int ci = 0; ci < cin; ci++) {
                        for (int ky = 0; ky < k; ky++) {
                            int iy = oy * stride + ky - padBegin;
                            if (iy < 0 || iy >= side) continue;
                            for (int kx = 0; kx < k; kx++) {
                                int ix = ox * stride + kx - padBegin;
                                if (ix < 0 || ix >= side) continue;
                                acc += (double) w[((co * cin + ci) * k + ky) * k + kx] * in[(ci * side + iy) * side + ix];
                            }
                        }
                    }
                    out[(co * outSide + oy) * outSide + ox] = (float) Math.max(0.0, acc);
                }
            }
        }
    }

    @Override
    public void depthwise(float[] in, int channels, int side, float[] w, int k, int stride, int padBegin, float[] out,
                          int outSide) {
        for (int c = 0; c < channels; c++) {
            for (int oy = 0; oy < outSide; oy++) {
                for (int ox = 0; ox < outSide; ox++) {
                    double acc = 0;
                    for (int ky = 0; ky < k; ky++) {
                        int iy = oy * stride + ky - padBegin;
                        if (iy < 0 || iy >= side) continue;
                        for (int kx = 0; kx < k; kx++) {
                            int ix = ox * stride + kx - padBegin;
                            if (ix < 0 || ix >= side) continue;
                            acc += (double) w[(c * k + ky) * k + kx] * in[(c * side + iy) * side + ix];
                        }
                    }
                    out[(c * outSide + oy) * outSide + ox] = (float) acc;
                }
            }
        }
    }

    @Override
    public void pointwise(float[] in, int cin, int pixels, float[] w, float[] bias, int cout, float[] residual,
                          int residualChannels, boolean relu, float[] out) {
        for (int co = 0; co < cout; co++) {
            for (int p = 0; p < pixels; p++) {
                double acc = bias[co];
                for (int ci = 0; ci < cin; ci++) acc += (double) w[co * cin + ci] * in[ci * pixels + p];
                if (co < residualChannels) acc += residual[co * pixels + p];
                out[co * pixels + p] = (float) (relu ? Math.max(0.0, acc) : acc);
            }
        }
    }
}
