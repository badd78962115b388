package dev.vitface.verify;

import dev.vitface.backend.Precision;
import java.util.List;

/**
 * The outcome of a golden check: per-output error figures (always shown) and the criteria that
 * decide pass or fail for the precision used ({@link PrecisionCriteria}).
 */
public record VerifyReport(String engine, Precision precision, List<Comparison> comparisons,
                           List<PrecisionCriteria.Criterion> criteria) {
    public VerifyReport {
        comparisons = List.copyOf(comparisons);
        criteria = List.copyOf(criteria);
    }

    public boolean pass() {
        return !criteria.isEmpty() && criteria.stream().allMatch(PrecisionCriteria.Criterion::pass);
    }
}
