package dev.vitface.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Joins labels and predictions by {@link FileKeys} key. Nothing is dropped silently: a labelled
 * file without a prediction and a prediction without a label become {@link UnmatchedFile}s, and a
 * second prediction for one file becomes a {@link InputProblem.Kind#DUPLICATE} (the first is used).
 * A file whose row was rejected on either side (an inference error, an unknown label) is listed
 * once, as that problem, and not again as unmatched.
 */
public final class PredictionMatcher {
    private PredictionMatcher() {}

    public static MatchedInputs match(LabelledFaces labels, String predictionSource, Predictions predictions, FileKeys keys) {
        List<InputProblem> problems = new ArrayList<>(labels.problems());
        problems.addAll(predictions.problems());

        Map<String, Prediction> predictionByKey = new LinkedHashMap<>();
        for (Prediction prediction : predictions.usable()) {
            Optional<String> key = keys.predictionKey(prediction.file());
            if (key.isEmpty()) {
                problems.add(new InputProblem(InputProblem.Kind.BAD_FILE_NAME, predictionSource, prediction.line(),
                        prediction.file(), "'" + prediction.file() + "' is not a usable file path"));
                continue;
            }
            Prediction first = predictionByKey.putIfAbsent(key.get(), prediction);
            if (first != null) {
                problems.add(new InputProblem(InputProblem.Kind.DUPLICATE, predictionSource, prediction.line(),
                        prediction.file(), "repeats the file of line " + first.line() + "; only the first prediction of a file is used"));
            }
        }
        Set<String> rejectedPredictions = keysOf(predictions.problems(), keys::predictionKey);
        Set<String> rejectedLabels = keysOf(labels.problems(), keys::labelKey);

        List<LabelIndices> truth = new ArrayList<>();
        List<LabelIndices> predicted = new ArrayList<>();
        List<UnmatchedFile> unmatched = new ArrayList<>();
        for (LabelledFace face : labels.faces()) {
            Prediction prediction = predictionByKey.remove(face.key());
            if (prediction != null) {
                truth.add(face.truth());
                predicted.add(prediction.predicted());
            } else if (!rejectedPredictions.contains(face.key())) {
                unmatched.add(new UnmatchedFile(face.file(), UnmatchedFile.Missing.PREDICTION, labels.source(), face.line()));
            }
        }
        for (Map.Entry<String, Prediction> unlabelled : predictionByKey.entrySet()) {
            if (rejectedLabels.contains(unlabelled.getKey())) continue;
            Prediction prediction = unlabelled.getValue();
            unmatched.add(new UnmatchedFile(prediction.file(), UnmatchedFile.Missing.LABEL, predictionSource, prediction.line()));
        }
        return new MatchedInputs(new MatchedFaces(truth, predicted), unmatched, problems);
    }

    private static Set<String> keysOf(List<InputProblem> problems, Function<String, Optional<String>> keyOfFile) {
        return problems.stream()
                .map(problem -> keyOfFile.apply(problem.file()))
                .flatMap(Optional::stream)
                .collect(Collectors.toSet());
    }
}
