package dev.vitface.eval;

/**
 * A file found on one side only: labelled but never predicted, or predicted but not labelled.
 *
 * @param file    the path as written on the side that has it
 * @param missing which side lacks it
 * @param source  the file it was found in
 * @param line    its line there, or 0 when the source has no lines
 */
public record UnmatchedFile(String file, Missing missing, String source, int line) {
    public enum Missing {
        PREDICTION("prediction"),
        LABEL("label");

        private final String key;

        Missing(String key) {
            this.key = key;
        }

        /** The name used in the JSON report. */
        public String key() {
            return key;
        }
    }
}
