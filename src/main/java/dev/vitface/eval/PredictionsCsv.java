package dev.vitface.eval;

import dev.vitface.util.FailureText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Predictions from the CSV that {@code vitface classify --format csv} writes:
 * {@code file,age,age_probability,gender,gender_probability,race,race_probability,error}, one row
 * per input. The probabilities are not needed here; a row whose {@code error} is not empty is an
 * inference error, reported and left out of the metrics. Only {@code file}, {@code age},
 * {@code gender} and {@code race} are required, so a CSV from another tool can be evaluated too.
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
