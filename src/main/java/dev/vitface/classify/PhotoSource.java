package dev.vitface.classify;

import java.util.List;

/** One photo of a detecting run: a name for the results, and the work that finds and prepares its faces. */
public interface PhotoSource {
    String name();

    /**
     * Decodes the photo, finds its faces and preprocesses each one's chip; none when the photo
     * shows no face. Throws with a message fit for the user when the input is bad.
     */
    List<PreparedFace> faces() throws Exception;
}
