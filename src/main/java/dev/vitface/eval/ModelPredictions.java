package dev.vitface.eval;

import dev.vitface.FaceAttributes;
import dev.vitface.classify.ClassificationResult;
import dev.vitface.classify.FaceMode;
import dev.vitface.classify.FacePrediction;
import dev.vitface.util.FailureText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Predictions made by running the model on the labelled images themselves, with the same
 * batching and bad-input handling as {@code classify}: an image that cannot be classified
 * becomes an {@link InputProblem.Kind#INFERENCE_ERROR}, and the rest are still evaluated.
 * With {@link FaceMode#DETECT} each image must show exactly one face (a label describes one
 * person): none is a {@link InputProblem.Kind#NO_FACE}, several a
 * {@link InputProblem.Kind#SEVERAL_FACES}, both left out of the metrics.
 */
public final class ModelPredictions implements PredictionSource {
    private final Path modelDir;
    private final FaceAttributes.Options options;
    private final List<Path> images;
    private final FaceMode faces;

    /** @param images the labelled files, resolved under the images root */
    public ModelPredictions(Path modelDir, FaceAttributes.Options options, List<Path> images, FaceMode faces) {
        this.modelDir = modelDir;
        this.options = options;
        this.images = List.copyOf(images);
        this.faces = faces;
    }

    /** FairFace-style crops, classified as they are. */
    public ModelPredictions(Path modelDir, FaceAttributes.Options options, List<Path> images) {
        this(modelDir, options, images, FaceMode.CROP);
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
            if (faces == FaceMode.CROP) {
                model.classify(images, result -> {
                    switch (result) {
                        case ClassificationResult.Success s -> addPrediction(s.source(), s.prediction(), usable, problems);
                        case ClassificationResult.Failure f -> problems.add(inferenceError(f));
                        default -> throw new IllegalStateException("a crop run gave " + result);
                    }
                });
            } else {
                Map<String, List<ClassificationResult.Face>> found = new LinkedHashMap<>();
                model.analyze(images, result -> {
                    switch (result) {
                        case ClassificationResult.Face f -> found.computeIfAbsent(f.source(), k -> new ArrayList<>()).add(f);
                        case ClassificationResult.NoFace n -> problems.add(new InputProblem(InputProblem.Kind.NO_FACE,
                                description(), 0, n.source(), "the detector found no face in the photo"));
                        case ClassificationResult.Failure f -> problems.add(inferenceError(f));
                        case ClassificationResult.Success s -> throw new IllegalStateException("a detecting run gave " + s);
                    }
                });
                found.forEach((source, list) -> {
                    if (list.size() == 1) {
                        addPrediction(source, list.getFirst().analyzed().prediction(), usable, problems);
                    } else {
                        problems.add(new InputProblem(InputProblem.Kind.SEVERAL_FACES, description(), 0, source,
                                "the detector found " + list.size() + " faces; a label describes one"));
                    }
                });
            }
        }
        return new Predictions(usable, problems);
    }

    private void addPrediction(String source, FacePrediction p, List<Prediction> usable, List<InputProblem> problems) {
        try {
            usable.add(new Prediction(source, 0, LabelIndices.ofLabels(p.age().label(), p.gender().label(), p.race().label())));
        } catch (LabelIndices.UnknownLabelException e) {
            problems.add(new InputProblem(InputProblem.Kind.UNKNOWN_LABEL, description(), 0, source, FailureText.of(e)));
        }
    }

    private InputProblem inferenceError(ClassificationResult.Failure f) {
        return new InputProblem(InputProblem.Kind.INFERENCE_ERROR, description(), 0, f.source(), f.error());
    }
}
