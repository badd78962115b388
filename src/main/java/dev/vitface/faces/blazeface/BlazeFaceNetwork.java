package dev.vitface.faces.blazeface;

import java.util.List;

/**
 * The BlazeFace forward pass, top to bottom, on channel-major planes:
 * <pre>
 * input [3, S, S] (RGB in [-1, 1])
 * → stem: 5×5 conv stride 2 + bias, ReLU
 * → blocks: relu(pointwise1x1(depthwise3x3(x)) + shortcut(x)),
 *           shortcut = x | maxpool2x2(x) | none, zero channels appended when the block widens
 * → heads: 1×1 convs on two block outputs (16×16 and 8×8), rearranged to NHWC rows
 * </pre>
 * Immutable and thread-safe: every call allocates its own activations (a few MB at 256).
 */
public final class BlazeFaceNetwork {
    private final BlazeFaceWeights weights;
    private final ConvKernels kernels;
    private final int[] sides;
    private final int maxActivation;

    public BlazeFaceNetwork(BlazeFaceWeights weights) {
        this(weights, ConvKernels.best());
    }

    BlazeFaceNetwork(BlazeFaceWeights weights, ConvKernels kernels) {
        this.weights = weights;
        this.kernels = kernels;
        BlazeFaceGraph g = weights.graph;
        this.sides = g.blockSides();
        int max = g.stem().out() * g.stemSide() * g.stemSide();
        for (int i = 0; i < sides.length; i++) {
            BlazeFaceGraph.Block b = g.blocks().get(i);
            max = Math.max(max, Math.max(b.in(), b.out()) * sides[i] * sides[i]);
        }
        this.maxActivation = max;
    }

    /** The variant with other kernels, for tests. */
    BlazeFaceNetwork withKernels(ConvKernels other) {
        return new BlazeFaceNetwork(weights, other);
    }

    BlazeFaceGraph graph() {
        return weights.graph;
    }

    public int inputSize() {
        return weights.graph.inputSize();
    }

    /** {@code input} is {@code [3, S, S]}, channel-major RGB scaled to [-1, 1]. */
    public RawOutputs forward(float[] input) {
        BlazeFaceGraph g = weights.graph;
        int s = g.inputSize();
        if (input.length != 3 * s * s) {
            throw new IllegalArgumentException("input must be [3, " + s + ", " + s + "], got " + input.length + " floats");
        }
        float[] x = new float[maxActivation];
        float[] y = new float[maxActivation];
        float[] dw = new float[maxActivation];
        float[] pooled = new float[maxActivation];
        List<BlazeFaceGraph.Head> heads = g.heads();
        float[][] outputs = new float[heads.size()][];

        BlazeFaceGraph.Stem stem = g.stem();
        int side = g.stemSide();
        kernels.convRelu(input, 3, s, weights.stemWeight, weights.stemBias, stem.out(), stem.kernel(), stem.stride(),
                stem.pads()[0], x, side);
        for (int i = 0; i < g.blocks().size(); i++) {
            BlazeFaceGraph.Block b = g.blocks().get(i);
            int outSide = sides[i];
            kernels.depthwise(x, b.in(), side, weights.depthwise[i], b.kernel(), b.stride(), b.pads()[0], dw, outSide);
            float[] residual = switch (b.shortcut()) {
                case IDENTITY -> x;
                case MAXPOOL -> maxPool2x2(x, b.in(), side, pooled);
                case NONE -> null;
            };
            int residualChannels = residual == null ? 0 : b.in();
            kernels.pointwise(dw, b.in(), outSide * outSide, weights.pointwise[i], weights.pointwiseBias[i], b.out(),
                    residual, residualChannels, true, y);
            float[] t = x;
            x = y;
            y = t;
            side = outSide;
            for (int h = 0; h < heads.size(); h++) {
                if (heads.get(h).block() == i) outputs[h] = head(x, b.out(), side, h);
            }
        }
        return new RawOutputs(outputs);
    }

    /** A head's 1×1 conv, then NCHW → NHWC → rows of {@code values}: row (p·A + a) holds channels a·values … a·values + values − 1 at pixel p. */
    private float[] head(float[] x, int channels, int side, int index) {
        BlazeFaceGraph.Head h = weights.graph.heads().get(index);
        int pixels = side * side;
        float[] planes = new float[h.out() * pixels];
        kernels.pointwise(x, channels, pixels, weights.headWeight[index], weights.headBias[index], h.out(), null, 0,
                false, planes);
        float[] rows = new float[planes.length];
        for (int p = 0; p < pixels; p++) {
            for (int c = 0; c < h.out(); c++) rows[p * h.out() + c] = planes[c * pixels + p];
        }
        return rows;
    }

    /** 2×2 max pool, stride 2, no padding (the strided blocks' shortcut). */
    static float[] maxPool2x2(float[] in, int channels, int side, float[] out) {
        int half = side / 2;
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < half; y++) {
                int r0 = (c * side + 2 * y) * side, r1 = r0 + side, o = (c * half + y) * half;
                for (int x = 0; x < half; x++) {
                    out[o + x] = Math.max(Math.max(in[r0 + 2 * x], in[r0 + 2 * x + 1]),
                            Math.max(in[r1 + 2 * x], in[r1 + 2 * x + 1]));
                }
            }
        }
        return out;
    }
}
