package dev.vitface.classify;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.vitface.model.Task;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * How {@code classify} prints its results: one line per input (per face when faces are detected),
 * as it completes, in input order.
 */
public enum ResultFormat {
    TABLE, JSONL, CSV;

    public static final List<String> NAMES = List.of("table", "jsonl", "csv");
    static final String CSV_HEADER = "file,age,age_probability,gender,gender_probability,race,race_probability,error";
    /** With detection: the face's number, status, score and box after the file. */
    static final String CSV_FACES_HEADER = "file," + FaceFields.CSV_COLUMNS
            + ",age,age_probability,gender,gender_probability,race,race_probability,error";
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeSpecialFloatingPointValues().serializeNulls().create();

    public static ResultFormat parse(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** A writer for results on face crops; {@code fileWidth} aligns the table's first column. */
    public ResultWriter writer(PrintStream out, int fileWidth) {
        return writer(out, fileWidth, false);
    }

    /**
     * A writer; {@code detected} says the run detects faces, which adds the face columns
     * (face, status, score, box; landmarks in jsonl) and gives every row a status.
     */
    public ResultWriter writer(PrintStream out, int fileWidth, boolean detected) {
        return switch (this) {
            case JSONL -> new ResultWriter(out) {
                @Override
                public void write(ClassificationResult r) {
                    out.println(GSON.toJson(json(r, detected)));
                }
            };
            case CSV -> new ResultWriter(out) {
                @Override
                public void begin() {
                    out.println(detected ? CSV_FACES_HEADER : CSV_HEADER);
                }

                @Override
                public void write(ClassificationResult r) {
                    out.println(csv(r, detected));
                }
            };
            case TABLE -> new TableWriter(out, fileWidth, detected);
        };
    }

    static JsonObject json(ClassificationResult r) {
        return json(r, false);
    }

    static JsonObject json(ClassificationResult r, boolean detected) {
        JsonObject o = new JsonObject();
        o.addProperty("file", r.source());
        switch (r) {
            case ClassificationResult.Success s -> addPrediction(o, s.prediction());
            case ClassificationResult.Face f -> {
                FaceFields.addFace(o, f.face(), f.analyzed().detection());
                addPrediction(o, f.analyzed().prediction());
            }
            case ClassificationResult.NoFace n -> FaceFields.addNoFace(o);
            case ClassificationResult.Failure f -> {
                if (detected) FaceFields.addError(o, f.error());
                else o.addProperty("error", f.error());
            }
        }
        return o;
    }

    /**
     * Adds the jsonl shape of one prediction to {@code o}: per task ({@code age}, {@code gender},
     * {@code race}) its label, probability and whole distribution. Shared with {@code serve}.
     */
    public static void addPrediction(JsonObject o, FacePrediction prediction) {
        for (Task t : Task.values()) {
            TaskPrediction p = prediction.get(t);
            JsonObject head = new JsonObject();
            head.addProperty("label", p.label());
            head.addProperty("probability", p.probability());
            JsonObject all = new JsonObject();
            p.probabilities().forEach(all::addProperty);
            head.add("probabilities", all);
            o.add(t.key(), head);
        }
    }

    static String csv(ClassificationResult r) {
        return csv(r, false);
    }

    static String csv(ClassificationResult r, boolean detected) {
        StringBuilder sb = new StringBuilder(csvField(r.source()));
        switch (r) {
            case ClassificationResult.Success s -> appendPrediction(sb, s.prediction());
            case ClassificationResult.Face f -> {
                sb.append(',').append(FaceFields.csv(f.face(), f.analyzed().detection()));
                appendPrediction(sb, f.analyzed().prediction());
            }
            case ClassificationResult.NoFace n -> sb.append(",,").append(FaceFields.NO_FACE).append(",,,,,,,,,,,,");
            case ClassificationResult.Failure f -> sb.append(detected ? ",," + FaceFields.ERROR + ",,,,," : "")
                    .append(",,,,,,,").append(csvField(f.error()));
        }
        return sb.toString();
    }

    private static void appendPrediction(StringBuilder sb, FacePrediction prediction) {
        for (Task t : Task.values()) {
            TaskPrediction p = prediction.get(t);
            sb.append(',').append(csvField(p.label())).append(',').append(String.format(Locale.ROOT, "%.6f", p.probability()));
        }
        sb.append(',');
    }

    /** RFC 4180: quote a field holding a comma, quote, or line break; double inner quotes. */
    static String csvField(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
