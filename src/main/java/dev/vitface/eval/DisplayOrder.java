package dev.vitface.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The order in which reports show an attribute's labels, the one place it is decided. The model's
 * index order is Python's {@code sorted()} of the label strings, which puts "3-9" after "20-29";
 * a person reads age bins by their lower bound: 0-2, 3-9, 10-19 … more than 70. Labels that do
 * not all carry a number (gender, race) keep their index order. The index order itself stays
 * internal: logits, {@link ConfusionMatrix} and {@link LabelIndices} use it throughout.
 */
public final class DisplayOrder {
    private static final Pattern FIRST_NUMBER = Pattern.compile("\\d{1,18}");

    private DisplayOrder() {}

    /** The indexes of {@code labels} in display order. */
    static List<Integer> of(List<String> labels) {
        List<Integer> order = new ArrayList<>(IntStream.range(0, labels.size()).boxed().toList());
        List<OptionalLong> bounds = labels.stream().map(DisplayOrder::firstNumber).toList();
        if (bounds.stream().allMatch(OptionalLong::isPresent)) {
            order.sort(Comparator.comparingLong(i -> bounds.get(i).getAsLong())); // stable: ties keep index order
        }
        return List.copyOf(order);
    }

    /** {@code labels} in display order (what a summary table lists, e.g. vitface-spark's). */
    public static List<String> sorted(List<String> labels) {
        return of(labels).stream().map(labels::get).toList();
    }

    /** "0-2" → 0, "10-19" → 10, "more than 70" → 70; empty for "Female". */
    private static OptionalLong firstNumber(String label) {
        Matcher m = FIRST_NUMBER.matcher(label);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group())) : OptionalLong.empty();
    }
}
