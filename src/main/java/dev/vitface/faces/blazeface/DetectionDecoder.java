package dev.vitface.faces.blazeface;

import java.util.ArrayList;
import java.util.List;

/**
 * MediaPipe's {@code tensors_to_detections_calculator.cc} with the face detection options:
 * {@code reverse_output_order} (rows are x, y, w, h, then 6 key points as x, y), every scale the
 * input size, {@code sigmoid_score} with {@code score_clipping_thresh 100}, no exponential on the
 * box size. Keeps the anchors whose score is at least {@code minScore}.
 */
final class DetectionDecoder {
    static final int VALUES = 16;
    static final int KEYPOINTS = 6;
    private static final float SCORE_CLIP = 100f;

    private final SsdAnchors anchors;
    private final float scale;

    DetectionDecoder(SsdAnchors anchors, int inputSize) {
        this.anchors = anchors;
        this.scale = inputSize;
    }

    /** {@code sigmoid(clip(logit, −100, 100))}: logits above 100 occur, and clipping keeps exp finite. */
    static float score(float logit) {
        float clipped = Math.max(-SCORE_CLIP, Math.min(SCORE_CLIP, logit));
        return (float) (1.0 / (1.0 + Math.exp(-clipped)));
    }

    List<Candidate> decode(RawOutputs raw, double minScore) {
        float[] logits = raw.scoreLogits();
        float[] rows = raw.regressors();
        if (logits.length != anchors.count() || rows.length != anchors.count() * VALUES) {
            throw new IllegalStateException("the network gave " + logits.length + " scores and " + rows.length
                    + " regressor values for " + anchors.count() + " anchors");
        }
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < logits.length; i++) {
            float score = score(logits[i]);
            if (score < minScore) continue;
            int r = i * VALUES;
            float ax = anchors.x(i), ay = anchors.y(i);
            float cx = rows[r] / scale + ax;
            float cy = rows[r + 1] / scale + ay;
            float w = rows[r + 2] / scale;
            float h = rows[r + 3] / scale;
            float[] kp = new float[2 * KEYPOINTS];
            for (int k = 0; k < KEYPOINTS; k++) {
                kp[2 * k] = rows[r + 4 + 2 * k] / scale + ax;
                kp[2 * k + 1] = rows[r + 5 + 2 * k] / scale + ay;
            }
            out.add(new Candidate(score, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, kp));
        }
        return out;
    }
}
