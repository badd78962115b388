package dev.vitface.eval;

import dev.vitface.util.FailureText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Predictions from the CSV that {@code vitface classify --format csv} writes:
 * {@code file,age,age_probability,gender,gender_probability,race,race_probability,error}, one row
 * per input. The probabilities are not needed here; a row whose {@code error} is not empty is an
 * inference error, reported and left out of the metrics. Only {@code file}, {@code age},
 * {@code gender} and {@code race} are required, so a CSV from another tool can be evaluated too.
 * The CSV of {@code classify --faces detect} has a {@code status} column and a row per face: a
 * {@code no_face} row is an {@link InputProblem.Kind#NO_FACE}, and a file with several faces an
 * {@link InputProblem.Kind#SEVERAL_FACES} (a label describes one person), as with
 * {@code evaluate --model --faces detect}.
 */
public final class PredictionsCsv implements PredictionSource {
    private final Path csv;

    public PredictionsCsv(Path csv) {
        this.csv = csv;
    }

    @Override
    public String description() {
        return csv.toString();
    }

    @Override
    public Predictions predictions() throws IOException {
        CsvTable table = CsvReader.read(csv);
        int fileColumn = table.requiredColumn("file");
        int ageColumn = table.requiredColumn(Attribute.AGE.key());
        int genderColumn = table.requiredColumn(Attribute.GENDER.key());
        int raceColumn = table.requiredColumn(Attribute.RACE.key());
        int errorColumn = table.column("error");
        int statusColumn = table.column("status");
        Map<String, Integer> facesPerFile = new HashMap<>();
        if (statusColumn >= 0) {
            for (CsvTable.Row row : table.rows()) {
                if (row.field(statusColumn).equals("ok")) facesPerFile.merge(row.field(fileColumn), 1, Integer::sum);
            }
        }
        Set<String> reportedSeveral = new HashSet<>();

        String source = description();
        List<Prediction> usable = new ArrayList<>();
        List<InputProblem> problems = new ArrayList<>();
        for (CsvTable.Row row : table.rows()) {
            String file = row.field(fileColumn);
            String error = errorColumn < 0 ? "" : row.field(errorColumn);
            if (!error.isEmpty()) {
                problems.add(new InputProblem(InputProblem.Kind.INFERENCE_ERROR, source, row.line(), file, error));
                continue;
            }
            if (statusColumn >= 0 && row.field(statusColumn).equals("no_face")) {
                problems.add(new InputProblem(InputProblem.Kind.NO_FACE, source, row.line(), file,
                        "the detector found no face in the photo"));
                continue;
            }
            int faces = facesPerFile.getOrDefault(file, 1);
            if (faces > 1) {
                if (reportedSeveral.add(file)) {
                    problems.add(new InputProblem(InputProblem.Kind.SEVERAL_FACES, source, row.line(), file,
                            "the detector found " + faces + " faces; a label describes one"));
                }
                continue;
            }
            try {
                LabelIndices predicted = LabelIndices.ofLabels(
                        row.field(ageColumn), row.field(genderColumn), row.field(raceColumn));
                usable.add(new Prediction(file, row.line(), predicted));
            } catch (LabelIndices.UnknownLabelException e) {
                problems.add(new InputProblem(InputProblem.Kind.UNKNOWN_LABEL, source, row.line(), file, FailureText.of(e)));
            }
        }
        return new Predictions(usable, problems);
    }
}
