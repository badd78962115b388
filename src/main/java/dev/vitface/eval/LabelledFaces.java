package dev.vitface.eval;

import java.util.List;

/**
 * What the labels CSV gave: the rows that can be evaluated and the ones that could not be used.
 *
 * @param source the CSV's path, for messages
 */
public record LabelledFaces(String source, List<LabelledFace> faces, List<InputProblem> problems) {
    public LabelledFaces {
        faces = List.copyOf(faces);
        problems = List.copyOf(problems);
    }
}
