package dev.vitface.eval;

import java.util.List;

/**
 * One task split by the labelled groups of another attribute: gender accuracy by race, say.
 *
 * @param groupedBy the attribute whose labels form the groups
 * @param groups    one entry per group with at least one face, in the attribute's display order
 * @param accuracyGap the spread of accuracy across those groups
 * @param macroF1Gap  the spread of macro-F1 across them
 */
public record GroupBreakdown(Attribute groupedBy, List<GroupResult> groups, GroupGap accuracyGap, GroupGap macroF1Gap) {
    public GroupBreakdown {
        groups = List.copyOf(groups);
    }
}
