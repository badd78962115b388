package dev.vitface.eval;

import java.util.List;

/**
 * Labels and predictions joined by file: what can be evaluated, the files found on one side only,
 * and every row that could not be used, from either input.
 */
public record MatchedInputs(MatchedFaces faces, List<UnmatchedFile> unmatched, List<InputProblem> problems) {
    public MatchedInputs {
        unmatched = List.copyOf(unmatched);
        problems = List.copyOf(problems);
    }
}
