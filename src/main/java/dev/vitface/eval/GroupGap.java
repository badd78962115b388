package dev.vitface.eval;

import java.util.List;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/**
 * The spread of one score across groups: the largest difference and the min/max ratio (1 means
 * parity), with the groups at either end.
 *
 * @param ratio empty when the highest score is 0, where the ratio is undefined
 */
public record GroupGap(double gap, OptionalDouble ratio, String lowest, String highest) {
    /** The gap of {@code score} over {@code groups}, which must not be empty. */
    public static GroupGap of(List<GroupResult> groups, ToDoubleFunction<GroupResult> score) {
        if (groups.isEmpty()) throw new IllegalArgumentException("no groups to compare");
        GroupResult lowest = groups.getFirst();
        GroupResult highest = groups.getFirst();
        for (GroupResult group : groups) {
            if (score.applyAsDouble(group) < score.applyAsDouble(lowest)) lowest = group;
            if (score.applyAsDouble(group) > score.applyAsDouble(highest)) highest = group;
        }
        double min = score.applyAsDouble(lowest);
        double max = score.applyAsDouble(highest);
        return new GroupGap(max - min, max == 0 ? OptionalDouble.empty() : OptionalDouble.of(min / max),
                lowest.group(), highest.group());
    }
}
