package dev.vitface.faces.blazeface;

import dev.vitface.faces.DetectedFace;
import dev.vitface.faces.FaceBox;
import dev.vitface.faces.FaceLandmarks;
import dev.vitface.faces.Point;
import dev.vitface.preprocess.RgbImage;
import java.util.ArrayList;
import java.util.List;

/**
 * One BlazeFace model from photo to faces: letterbox and resize, network, anchor decoding,
 * weighted NMS, letterbox removal. Immutable and thread-safe.
 */
public final class BlazeFace {
    private final BlazeFaceNetwork network;
    private final DetectionDecoder decoder;

    BlazeFace(BlazeFaceNetwork network) {
        this.network = network;
        BlazeFaceGraph g = network.graph();
        int[] blockSides = g.blockSides();
        // Scores heads first, in output order: their grids and anchors per cell define the anchors.
        int[] sides = new int[2], perCell = new int[2];
        for (int i = 0; i < 2; i++) {
            BlazeFaceGraph.Head head = g.heads().get(i);
            sides[i] = blockSides[head.block()];
            perCell[i] = head.anchorsPerCell();
        }
        this.decoder = new DetectionDecoder(SsdAnchors.of(sides, perCell), g.inputSize());
    }

    public static BlazeFace fromResource(String resource, int inputSize) {
        return new BlazeFace(new BlazeFaceNetwork(BlazeFaceWeights.fromResource(resource, inputSize)));
    }

    BlazeFaceNetwork network() {
        return network;
    }

    int inputSize() {
        return network.inputSize();
    }

    /** Faces in the whole photo, letterboxed. */
    public List<DetectedFace> detect(RgbImage image, double minScore) {
        return detect(image, Letterbox.of(image.width(), image.height(), network.inputSize()), minScore);
    }

    /** Faces in one square window of the photo, in photo pixels. */
    List<DetectedFace> detect(RgbImage image, Letterbox box, double minScore) {
        RawOutputs raw = network.forward(box.tensor(image));
        List<Candidate> merged = WeightedNms.apply(decoder.decode(raw, minScore), WeightedNms.FACE_IOU);
        List<DetectedFace> faces = new ArrayList<>(merged.size());
        for (Candidate c : merged) faces.add(toFace(c, box));
        return List.copyOf(faces);
    }

    private static DetectedFace toFace(Candidate c, Letterbox box) {
        Point corner = box.toImage(c.xmin(), c.ymin());
        FaceBox faceBox = new FaceBox(corner.x(), corner.y(), box.toPixels(c.xmax() - c.xmin()),
                box.toPixels(c.ymax() - c.ymin()));
        float[] k = c.keypoints();
        Point[] p = new Point[DetectionDecoder.KEYPOINTS];
        for (int i = 0; i < p.length; i++) p[i] = box.toImage(k[2 * i], k[2 * i + 1]);
        return new DetectedFace(faceBox, c.score(), new FaceLandmarks(p[0], p[1], p[2], p[3], p[4], p[5]));
    }
}
