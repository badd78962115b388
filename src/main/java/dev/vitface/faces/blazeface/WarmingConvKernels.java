package dev.vitface.faces.blazeface;

import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link FloatConvKernels} for a process's first convolutions, {@link VectorConvKernels} after
 * them. Both give the same bits, so a photo's detections do not depend on which ran. Until C2 has
 * compiled them the vector kernels run as the Vector API's allocating fallback: a process's first
 * detection took 0.57-0.62 s on them against 0.37-0.39 s on the float kernels, while warm they
 * take 16-19 ms a photo against 63-82 ms (the 2-core VM of docs/PERFORMANCE.md, the bundled group
 * photo). A short run (classify of a photo or two) is then over before the vector kernels would
 * have paid for their warm-up; a long one (serve, a directory) warms them up once, on its fifth
 * photo.
 */
final class WarmingConvKernels implements ConvKernels {
    /** About four photos: the cascade detector ran 106 convolutions a photo on the bundled group photo. */
    static final long FLOAT_CALLS = 4 * 106;
    static final WarmingConvKernels INSTANCE = new WarmingConvKernels(FLOAT_CALLS);

    private final long floatCalls;
    private final AtomicLong calls = new AtomicLong();

    WarmingConvKernels(long floatCalls) {
        this.floatCalls = floatCalls;
    }

    private ConvKernels next() {
        return calls.getAndIncrement() < floatCalls ? FloatConvKernels.INSTANCE : VectorConvKernelsHolder.INSTANCE;
    }

    @Override
    public void convRelu(float[] in, int cin, int side, float[] w, float[] bias, int cout, int k, int stride,
                         int padBegin, float[] out, int outSide) {
        next().convRelu(in, cin, side, w, bias, cout, k, stride, padBegin, out, outSide);
    }

    @Override
    public void depthwise(float[] in, int channels, int side, float[] w, int k, int stride, int padBegin, float[] out,
                          int outSide) {
        next().depthwise(in, channels, side, w, k, stride, padBegin, out, outSide);
    }

    @Override
    public void pointwise(float[] in, int cin, int pixels, float[] w, float[] bias, int cout, float[] residual,
                          int residualChannels, boolean relu, float[] out) {
        next().pointwise(in, cin, pixels, w, bias, cout, residual, residualChannels, relu, out);
    }
}
