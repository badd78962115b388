package dev.vitface.faces.blazeface;

/**
 * One decoded detection, in the coordinates of the square network input normalised to [0, 1]
 * (x right, y down), as MediaPipe's {@code Detection} holds it before the letterbox is removed.
 *
 * @param keypoints {@code [x0, y0, …, x5, y5]}: right eye, left eye, nose tip, mouth, right ear, left ear
 */
record Candidate(float score, float xmin, float ymin, float xmax, float ymax, float[] keypoints) {

    float area() {
        return Math.max(0f, xmax - xmin) * Math.max(0f, ymax - ymin);
    }

    /** MediaPipe's {@code OverlapSimilarity(INTERSECTION_OVER_UNION)}: 0 when the boxes do not meet. */
    float iou(Candidate o) {
        float ix = Math.min(xmax, o.xmax) - Math.max(xmin, o.xmin);
        float iy = Math.min(ymax, o.ymax) - Math.max(ymin, o.ymin);
        if (ix < 0 || iy < 0) return 0f;
        float inter = ix * iy;
        float union = area() + o.area() - inter;
        return union > 0 ? inter / union : 0f;
    }
}
