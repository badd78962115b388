package dev.vitface.serve;

import dev.vitface.FaceAttributes;
import dev.vitface.classify.FacePrediction;
import dev.vitface.preprocess.RgbImage;
import java.nio.file.Path;
import java.util.List;

/** The {@link FaceModel} of a loaded {@link FaceAttributes}. */
public final class AttributesFaceModel implements FaceModel {
    private final FaceAttributes model;
    private final ModelInfo info;

    private AttributesFaceModel(FaceAttributes model, ModelInfo info) {
        this.model = model;
        this.info = info;
    }

    /**
     * Checksums the weights the model runs on (a few seconds for ViT-L/14, once), so answers name
     * exactly which model gave them.
     */
    public static AttributesFaceModel of(FaceAttributes model, Path modelDir) {
        Path dir = modelDir.toAbsolutePath().normalize();
        String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
        return new AttributesFaceModel(model, new ModelInfo(name, model.weightsSha256(), model.backendName(), model.precisionName()));
    }

    @Override
    public float[] prepare(RgbImage chip) {
        return model.pixelValues(chip);
    }

    @Override
    public List<FacePrediction> classify(List<float[]> faces) {
        return model.classifyPixelValues(faces);
    }

    @Override
    public ModelInfo info() {
        return info;
    }
}
