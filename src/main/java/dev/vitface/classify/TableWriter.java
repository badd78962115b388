package dev.vitface.classify;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Human-readable aligned columns; the header says the labels are perceived, not identities. With
 * detection, each face gets a row with its number and box (x,y width x height in pixels).
 */
final class TableWriter extends ResultWriter {
    private final int fileWidth;
    private final boolean detected;
    private final String row;

    TableWriter(PrintStream out, int fileWidth, boolean detected) {
        super(out);
        this.fileWidth = Math.max(4, Math.min(fileWidth, 60));
        this.detected = detected;
        this.row = detected
                ? "%-" + this.fileWidth + "s  %-4s  %-17s  %-22s  %-22s  %s%n"
                : "%-" + this.fileWidth + "s  %-22s  %-22s  %s%n";
    }

    @Override
    public void begin() {
        if (detected) {
            out.printf(Locale.ROOT, row, "file", "face", "box", "perceived age", "perceived gender", "perceived race");
        } else {
            out.printf(Locale.ROOT, row, "file", "perceived age", "perceived gender", "perceived race");
        }
    }

    @Override
    public void write(ClassificationResult r) {
        String file = shorten(r.source());
        switch (r) {
            case ClassificationResult.Success s -> out.printf(Locale.ROOT, row, file, cell(s.prediction().age()), cell(s.prediction().gender()), cell(s.prediction().race()));
            case ClassificationResult.Face f -> {
                FacePrediction p = f.analyzed().prediction();
                out.printf(Locale.ROOT, row, file, f.face(), FaceFields.boxText(f.analyzed().box()), cell(p.age()), cell(p.gender()), cell(p.race()));
            }
            case ClassificationResult.NoFace n -> out.printf(Locale.ROOT, "%-" + fileWidth + "s  -     no face found%n", file);
            case ClassificationResult.Failure f -> out.printf(Locale.ROOT, "%-" + fileWidth + "s  ERROR: %s%n", file, f.error());
        }
    }

    @Override
    public void end(int total, int failed) {
        out.printf(Locale.ROOT, "%d image(s), %d failed. Labels are how the model perceives a face, not who the person is.%n",
                total, failed);
        out.flush();
    }

    private static String cell(TaskPrediction p) {
        return String.format(Locale.ROOT, "%s (%.1f%%)", p.label(), 100 * p.probability());
    }

    /** Keeps the end of a long path, which is the part that tells files apart. */
    private String shorten(String s) {
        return s.length() <= fileWidth ? s : "…" + s.substring(s.length() - fileWidth + 1);
    }
}
