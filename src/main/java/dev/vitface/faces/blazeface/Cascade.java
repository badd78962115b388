package dev.vitface.faces.blazeface;

import dev.vitface.faces.DetectedFace;
import dev.vitface.faces.FaceBox;
import dev.vitface.preprocess.RgbImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Full-range proposals, short-range verdicts. The full-range model sees the whole photo and finds
 * faces down to about 6 % of its longer side, but it scores a cat 0.80 and a coffee cup 0.66, as
 * much as it gives some real faces (0.75 at 40 % of the photo), and its landmarks on faces of 8 %
 * are off by up to 0.4 of the eye distance. The short-range model is precise and sceptical when the
 * face fills a fair part of its input. So every full-range proposal is looked at again: a square
 * window around it, {@value #WINDOW} times the proposal's box, goes through the short-range model,
 * and the face it finds there (overlapping the proposal) is kept with the short-range score, box and
 * landmarks. Measured (docs/FACES.md): every composite face from 6 % to 60 % found, eyes within
 * 0.1 of the eye distance, scores 0.83 or more; cat 0.52, coffee 0.09. Immutable and thread-safe.
 */
public final class Cascade {
    /** Proposals need this full-range score: below it the full-range model finds no real face in the reach tests. */
    static final double PROPOSAL_SCORE = 0.5;
    /** Window side over proposal box side: the face then fills about half the short-range input (2.5 scored lower). */
    static final double WINDOW = 2.0;
    /** A verdict must overlap its proposal this much to count as the same face. */
    private static final float SAME_FACE_IOU = 0.3f;

    private final BlazeFace proposer;
    private final BlazeFace verifier;

    public Cascade(BlazeFace fullRange, BlazeFace shortRange) {
        this.proposer = fullRange;
        this.verifier = shortRange;
    }

    public List<DetectedFace> detect(RgbImage image, double minScore) {
        List<DetectedFace> kept = new ArrayList<>();
        for (DetectedFace proposal : proposer.detect(image, PROPOSAL_SCORE)) {
            FaceBox p = proposal.box();
            double cx = p.x() + p.width() / 2, cy = p.y() + p.height() / 2;
            int side = (int) Math.max(1, Math.round(Math.max(p.width(), p.height()) * WINDOW));
            Letterbox window = Letterbox.window((int) Math.round(cx - side / 2.0), (int) Math.round(cy - side / 2.0), side,
                    verifier.inputSize());
            DetectedFace best = null;
            for (DetectedFace f : verifier.detect(image, window, minScore)) {
                if (iou(f.box(), p) > SAME_FACE_IOU && (best == null || f.score() > best.score())) best = f;
            }
            if (best != null) kept.add(best);
        }
        // Two proposals can lead to one face: keep the best verdict of each overlapping group.
        kept.sort(Comparator.comparingDouble(DetectedFace::score).reversed());
        List<DetectedFace> out = new ArrayList<>();
        for (DetectedFace f : kept) {
            if (out.stream().noneMatch(o -> iou(o.box(), f.box()) > SAME_FACE_IOU)) out.add(f);
        }
        return List.copyOf(out);
    }

    static double iou(FaceBox a, FaceBox b) {
        double ix = Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x());
        double iy = Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y());
        if (ix <= 0 || iy <= 0) return 0;
        double inter = ix * iy;
        return inter / (a.width() * a.height() + b.width() * b.height() - inter);
    }
}
