package dev.vitface.faces.blazeface;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * MediaPipe's {@code WeightedNonMaxSuppression} ({@code non_max_suppression_calculator.cc},
 * {@code algorithm: WEIGHTED}, {@code overlap_type: INTERSECTION_OVER_UNION}): take the best
 * remaining detection; every remaining detection whose IoU with it exceeds the threshold (itself
 * included) joins its group; the group's box corners and key points become their score-weighted
 * mean, the score stays the best one's. Ties in score keep anchor order (MediaPipe's sort leaves
 * them unspecified).
 */
final class WeightedNms {
    static final float FACE_IOU = 0.3f;

    private WeightedNms() {}

    static List<Candidate> apply(List<Candidate> detections, float iouThreshold) {
        List<Candidate> remained = new ArrayList<>(detections);
        remained.sort(Comparator.comparingDouble((Candidate c) -> c.score()).reversed());
        List<Candidate> out = new ArrayList<>();
        while (!remained.isEmpty()) {
            Candidate top = remained.getFirst();
            List<Candidate> group = new ArrayList<>();
            List<Candidate> rest = new ArrayList<>();
            for (Candidate c : remained) (c.iou(top) > iouThreshold ? group : rest).add(c);
            if (group.isEmpty()) {
                // A degenerate box overlaps nothing, not even itself: MediaPipe keeps it and stops.
                out.add(top);
                break;
            }
            out.add(weightedMean(top, group));
            remained = rest;
        }
        return out;
    }

    private static Candidate weightedMean(Candidate top, List<Candidate> group) {
        float total = 0, xmin = 0, ymin = 0, xmax = 0, ymax = 0;
        float[] kp = new float[top.keypoints().length];
        for (Candidate c : group) {
            float s = c.score();
            total += s;
            xmin += c.xmin() * s;
            ymin += c.ymin() * s;
            xmax += c.xmax() * s;
            ymax += c.ymax() * s;
            for (int i = 0; i < kp.length; i++) kp[i] += c.keypoints()[i] * s;
        }
        for (int i = 0; i < kp.length; i++) kp[i] /= total;
        return new Candidate(top.score(), xmin / total, ymin / total, xmax / total, ymax / total, kp);
    }
}
