package dev.vitface.faces.blazeface;

/**
 * The network's four output tensors, as ONNX Runtime returns them: {@code tensors[i]} is the
 * i-th graph output ({@code Identity:0} scores [512,1], {@code Identity_1:0} scores [384,1],
 * {@code Identity_2:0} regressors [512,16], {@code Identity_3:0} regressors [384,16]), row-major.
 */
public record RawOutputs(float[][] tensors) {

    /** Raw score logits of all anchors: the two score tensors concatenated (896). */
    public float[] scoreLogits() {
        return concat(tensors[0], tensors[1]);
    }

    /** Regressor rows of all anchors: the two regressor tensors concatenated (896 × 16). */
    public float[] regressors() {
        return concat(tensors[2], tensors[3]);
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
