package dev.vitface.faces.blazeface;

import dev.vitface.kernels.VectorSupport;

/**
 * The convolutions of BlazeFace on channel-major {@code [channels, side, side]} float planes.
 * Convolutions read {@code in[o·stride + k − padBegin]} along each axis and treat samples outside
 * {@code [0, side)} as zero: TensorFlow's SAME padding, whose asymmetric end pad is implied by the
 * output side.
 *
 * <p>Three implementations answer the same tests: {@link ScalarConvKernels} (direct loops, double
 * accumulation: the reference), {@code VectorConvKernels} (jdk.incubator.vector) and
 * {@link FloatConvKernels}, which gives the vector kernels' bits one float at a time.
 */
interface ConvKernels {

    /**
     * Dense k×k convolution, {@code [cin, side, side] → [cout, outSide, outSide]}, plus bias, then
     * ReLU. {@code w} is {@code [cout, cin, k, k]}.
     */
    void convRelu(float[] in, int cin, int side, float[] w, float[] bias, int cout, int k, int stride, int padBegin,
                  float[] out, int outSide);

    /** Depthwise k×k convolution without bias, {@code [c, side, side] → [c, outSide, outSide]}; {@code w} is {@code [c, k, k]}. */
    void depthwise(float[] in, int channels, int side, float[] w, int k, int stride, int padBegin, float[] out,
                   int outSide);

    /**
     * 1×1 convolution as a GEMM over pixels: {@code out[co, p] = bias[co] + Σ_ci w[co, ci]·in[ci, p]},
     * then {@code + residual[co, p]} for {@code co < residualChannels} (the zero-padded shortcut),
     * then ReLU when {@code relu}. {@code w} is {@code [cout, cin]}; {@code residual} may be null
     * when {@code residualChannels} is 0. {@code out} must not alias {@code in} or {@code residual}.
     */
    void pointwise(float[] in, int cin, int pixels, float[] w, float[] bias, int cout, float[] residual,
                   int residualChannels, boolean relu, float[] out);

    /**
     * What detection runs on: the vector kernels' bits whether the Vector API is readable or not,
     * the float kernels for a process's first photos ({@link WarmingConvKernels}).
     */
    static ConvKernels best() {
        return VectorSupport.available() ? WarmingConvKernels.INSTANCE : FloatConvKernels.INSTANCE;
    }
}
