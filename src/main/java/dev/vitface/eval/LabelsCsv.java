package dev.vitface.eval;

import dev.vitface.util.FailureText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads ground truth in FairFace's format: a header with {@code file,age,gender,race} (FairFace
 * adds {@code service_test}, which is not needed and ignored) and one row per image, the file
 * relative to the images root. Labels must be spelled exactly as in {@link Attribute}.
 *
 * <p>A row with an unknown label, an unusable file name, or a file already seen is not evaluated
 * and is returned as an {@link InputProblem}; of duplicate rows the first is kept, since any choice
 * is arbitrary and the report lists the rest.
 */
public final class LabelsCsv {
    private LabelsCsv() {}

    public static LabelledFaces read(Path csv, FileKeys keys) throws IOException {
        CsvTable table = CsvReader.read(csv);
        int fileColumn = table.requiredColumn("file");
        int ageColumn = table.requiredColumn(Attribute.AGE.key());
        int genderColumn = table.requiredColumn(Attribute.GENDER.key());
        int raceColumn = table.requiredColumn(Attribute.RACE.key());

        String source = csv.toString();
        List<LabelledFace> faces = new ArrayList<>();
        List<InputProblem> problems = new ArrayList<>();
        Map<String, Integer> firstLineOfKey = new HashMap<>();
        for (CsvTable.Row row : table.rows()) {
            String file = row.field(fileColumn);
            String key = keys.labelKey(file).orElse(null);
            if (key == null) {
                problems.add(new InputProblem(InputProblem.Kind.BAD_FILE_NAME, source, row.line(), file,
                        "'" + file + "' is not a usable file path"));
                continue;
            }
            Integer firstLine = firstLineOfKey.putIfAbsent(key, row.line());
            if (firstLine != null) {
                problems.add(new InputProblem(InputProblem.Kind.DUPLICATE, source, row.line(), file,
                        "repeats the file of line " + firstLine + "; only the first row of a file is used"));
                continue;
            }
            try {
                LabelIndices truth = LabelIndices.ofLabels(
                        row.field(ageColumn), row.field(genderColumn), row.field(raceColumn));
                faces.add(new LabelledFace(file, key, row.line(), truth));
            } catch (LabelIndices.UnknownLabelException e) {
                problems.add(new InputProblem(InputProblem.Kind.UNKNOWN_LABEL, source, row.line(), file, FailureText.of(e)));
            }
        }
        return new LabelledFaces(source, faces, problems);
    }
}
