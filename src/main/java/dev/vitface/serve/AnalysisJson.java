package dev.vitface.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.vitface.classify.FacePrediction;
import dev.vitface.classify.ResultFormat;
import dev.vitface.faces.FaceBox;
import dev.vitface.faces.FaceLandmarks;
import dev.vitface.faces.Point;
import dev.vitface.preprocess.RgbImage;
import java.util.List;

/**
 * The 200 answer of {@code POST /v1/analyze}: {@code faces} (each with face, box, score,
 * landmarks, age, gender, race), {@code image} and {@code model}. The three heads come from
 * {@link ResultFormat#addPrediction}, the shapes {@code classify --format jsonl} writes.
 */
final class AnalysisJson {
    private AnalysisJson() {}

    static JsonObject of(RgbImage photo, List<FaceRegion> regions, List<FacePrediction> predictions, ModelInfo model) {
        JsonArray faces = new JsonArray();
        for (int i = 0; i < regions.size(); i++) {
            FaceRegion region = regions.get(i);
            JsonObject face = new JsonObject();
            face.addProperty("face", i);
            face.add("box", box(region.box()));
            face.add("score", region.score() == null ? JsonNull.INSTANCE : new JsonPrimitive(region.score()));
            face.add("landmarks", region.landmarks() == null ? JsonNull.INSTANCE : landmarks(region.landmarks()));
            ResultFormat.addPrediction(face, predictions.get(i));
            faces.add(face);
        }
        JsonObject image = new JsonObject();
        image.addProperty("width", photo.width());
        image.addProperty("height", photo.height());
        JsonObject answer = new JsonObject();
        answer.add("faces", faces);
        answer.add("image", image);
        answer.add("model", model(model));
        return answer;
    }

    /** {@code [x, y, w, h]} in image pixels. */
    static JsonArray box(FaceBox b) {
        JsonArray a = new JsonArray();
        a.add(b.x());
        a.add(b.y());
        a.add(b.width());
        a.add(b.height());
        return a;
    }

    static JsonObject landmarks(FaceLandmarks l) {
        JsonObject o = new JsonObject();
        o.add("right_eye", point(l.rightEye()));
        o.add("left_eye", point(l.leftEye()));
        o.add("nose_tip", point(l.noseTip()));
        o.add("mouth", point(l.mouth()));
        o.add("right_ear", point(l.rightEar()));
        o.add("left_ear", point(l.leftEar()));
        return o;
    }

    private static JsonArray point(Point p) {
        JsonArray a = new JsonArray();
        a.add(p.x());
        a.add(p.y());
        return a;
    }

    private static JsonObject model(ModelInfo m) {
        JsonObject o = new JsonObject();
        o.addProperty("name", m.name());
        o.addProperty("sha256", m.sha256());
        o.addProperty("backend", m.backend());
        o.addProperty("precision", m.precision());
        return o;
    }
}
