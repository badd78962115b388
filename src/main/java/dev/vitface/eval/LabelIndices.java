package dev.vitface.eval;

import java.util.ArrayList;
import java.util.List;

/** One face's age, gender and race, each as an index into its {@link Attribute}'s labels. */
public record LabelIndices(int age, int gender, int race) {
    public LabelIndices {
        checkIndex(Attribute.AGE, age);
        checkIndex(Attribute.GENDER, gender);
        checkIndex(Attribute.RACE, race);
    }

    /**
     * Looks the three labels up, spelled exactly as in {@link Attribute}.
     *
     * @throws UnknownLabelException naming every label that is not in its attribute's set
     */
    public static LabelIndices ofLabels(String age, String gender, String race) {
        List<String> unknown = new ArrayList<>();
        int ageIndex = lookUp(Attribute.AGE, age, unknown);
        int genderIndex = lookUp(Attribute.GENDER, gender, unknown);
        int raceIndex = lookUp(Attribute.RACE, race, unknown);
        if (!unknown.isEmpty()) throw new UnknownLabelException(String.join("; ", unknown));
        return new LabelIndices(ageIndex, genderIndex, raceIndex);
    }

    public int index(Attribute attribute) {
        return switch (attribute) {
            case AGE -> age;
            case GENDER -> gender;
            case RACE -> race;
        };
    }

    private static int lookUp(Attribute attribute, String label, List<String> unknown) {
        int index = attribute.indexOf(label);
        if (index < 0) {
            unknown.add("unknown " + attribute.key() + " '" + label + "' (expected one of "
                    + String.join(", ", attribute.displayLabels()) + ")");
        }
        return index;
    }

    private static void checkIndex(Attribute attribute, int index) {
        if (index < 0 || index >= attribute.classCount()) {
            throw new IllegalArgumentException(attribute.key() + " index " + index + " is outside [0, "
                    + attribute.classCount() + ")");
        }
    }

    /** A label string that is not in its attribute's label set. */
    public static final class UnknownLabelException extends IllegalArgumentException {
        UnknownLabelException(String message) {
            super(message);
        }
    }
}
