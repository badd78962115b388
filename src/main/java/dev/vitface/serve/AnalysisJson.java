package dev.vitface.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.vitface.classify.FaceFields;
import dev.vitface.classify.FacePrediction;
import dev.vitface.classify.FaceRegion;
import dev.vitface.classify.ResultFormat;
import dev.vitface.preprocess.RgbImage;
import java.util.List;

/**
 * The 200 answer of {@code POST /v1/analyze}: {@code faces}, {@code image} and {@code model}. A
 * detected face is written by {@link FaceFields#addFace} and its heads by
 * {@link ResultFormat#addPrediction}: the object {@code classify --format jsonl} writes in detect
 * mode, less its {@code file}. A crop-mode face has the same keys, its box the whole image and
 * {@code score} and {@code landmarks} null.
 */
final class AnalysisJson {
    private AnalysisJson() {}

    static JsonObject of(RgbImage photo, List<FaceRegion> regions, List<FacePrediction> predictions, ModelInfo model) {
        JsonArray faces = new JsonArray();
        for (int i = 0; i < regions.size(); i++) {
            FaceRegion region = regions.get(i);
            JsonObject face = new JsonObject();
            if (region.detection() != null) {
                FaceFields.addFace(face, i, region.detection());
            } else {
                FaceFields.addCrop(face, i, region.box());
            }
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

    private static JsonObject model(ModelInfo m) {
        JsonObject o = new JsonObject();
        o.addProperty("name", m.name());
        o.addProperty("sha256", m.sha256());
        o.addProperty("backend", m.backend());
        o.addProperty("precision", m.precision());
        return o;
    }
}
