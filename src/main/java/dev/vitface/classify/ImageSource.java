package dev.vitface.classify;

/** One input of a batch run: a name for the results, and the work that turns it into model input. */
public interface ImageSource {
    String name();

    /** Decodes and preprocesses; throws with a message fit for the user when the input is bad. */
    float[] pixelValues() throws Exception;
}
