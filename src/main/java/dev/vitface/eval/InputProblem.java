package dev.vitface.eval;

/**
 * One input row that could not be used, kept so the report can list it instead of dropping it.
 *
 * @param kind    what went wrong
 * @param source  the file it came from (the labels CSV, the predictions CSV, or the model's input)
 * @param line    the line in {@code source}, or 0 when the problem has no line (a model error)
 * @param file    the image file the row names, as written there
 * @param message what was found and, where useful, what was expected
 */
public record InputProblem(Kind kind, String source, int line, String file, String message) {
    public enum Kind {
        /** A label or predicted value that is not in the attribute's label set. */
        UNKNOWN_LABEL("unknown_label"),
        /** A second row for a file already seen in the same input; the first row is the one used. */
        DUPLICATE("duplicate"),
        /** A row without a usable file name. */
        BAD_FILE_NAME("bad_file_name"),
        /** The classifier could not produce a prediction for the file (unreadable image, …). */
        INFERENCE_ERROR("inference_error"),
        /** With face detection: the labelled photo shows no face the detector finds. */
        NO_FACE("no_face"),
        /** With face detection: the photo shows more than one face, so the label names none of them. */
        SEVERAL_FACES("several_faces");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        /** The name used in the JSON report. */
        public String key() {
            return key;
        }
    }
}
