package dev.vitface.eval;

import dev.vitface.FaceAttributes;
import dev.vitface.classify.ClassificationResult;
import dev.vitface.classify.FacePrediction;
import dev.vitface.util.FailureText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Predictions made by running the model on the labelled images themselves, with the same
 * batching and bad-input handling as {@code classify}: an image that cannot be classified
 * becomes an {@link InputProblem.Kind#INFERENCE_ERROR}, and the rest are still evaluated.
 */
public final class ModelPredictions implements PredictionSource {
    private final Path modelDir;
    private final FaceAttributes.Options options;
    private final List<Path> images;

    /** @param images the labelled files, resolved under the images root */
    public ModelPredictions(Path modelDir, FaceAttributes.Options options, List<Path> images) {
        this.modelDir = modelDir;
        this.options = options;
        this.images = List.copyOf(images);
    }

    @Override
    public String description() {
        return "model " + modelDir;
    }

    @Override
    public Predictions predictions() throws IOException {
        List<Prediction> usable = new ArrayList<>();
        List<InputProblem> problems = new ArrayList<>();
        try (FaceAttributes model = FaceAttributes.load(modelDir, options)) {
            model.classify(images, result -> {
                switch (result) {
                    case ClassificationResult.Success s -> {
                        FacePrediction p = s.prediction();
                        try {
                            usable.add(new Prediction(s.source(), 0,
                                    LabelIndices.ofLabels(p.age().label(), p.gender().label(), p.race().label())));
                        } catch (LabelIndices.UnknownLabelException e) {
                            problems.add(new InputProblem(InputProblem.Kind.UNKNOWN_LABEL, description(), 0, s.source(),
                                    FailureText.of(e)));
                        }
                    }
                    case ClassificationResult.Failure f -> problems.add(new InputProblem(InputProblem.Kind.INFERENCE_ERROR,
                            description(), 0, f.source(), f.error()));
                }
            });
        }
        return new Predictions(usable, problems);
    }
}
