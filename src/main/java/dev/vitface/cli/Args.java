package dev.vitface.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parsed command line of one sub-command: {@code --name value}, {@code --name=value}, boolean
 * {@code --flag}s and positional arguments. Options not declared by the command are usage errors,
 * so a typo never silently falls back to a default.
 */
public final class Args {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> flags = new LinkedHashSet<>();
    private final List<String> positional = new ArrayList<>();

    private Args() {}

    /**
     * @param valueOptions options that take a value (without the leading {@code --})
     * @param flagOptions  options that take none
     */
    public static Args parse(List<String> argv, Set<String> valueOptions, Set<String> flagOptions) {
        Args args = new Args();
        boolean onlyPositional = false;
        for (int i = 0; i < argv.size(); i++) {
            String token = argv.get(i);
            if (onlyPositional || !token.startsWith("--") || token.equals("-")) {
                args.positional.add(token);
                continue;
            }
            if (token.equals("--")) {
                onlyPositional = true;
                continue;
            }
            String name = token.substring(2);
            String inlineValue = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inlineValue = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flagOptions.contains(name)) {
                if (inlineValue != null) throw new UsageException("--" + name + " takes no value");
                args.flags.add(name);
            } else if (valueOptions.contains(name)) {
                String value = inlineValue;
                if (value == null) {
                    if (i + 1 >= argv.size()) throw new UsageException("--" + name + " needs a value");
                    value = argv.get(++i);
                }
                if (args.values.put(name, value) != null) {
                    throw new UsageException("--" + name + " given twice");
                }
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
        return args;
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    public String value(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public String value(String name) {
        return values.get(name);
    }

    public String required(String name) {
        String v = values.get(name);
        if (v == null) throw new UsageException("--" + name + " is required");
        return v;
    }

    public Path path(String name, Path fallback) {
        String v = values.get(name);
        return v == null ? fallback : Path.of(v);
    }

    public int intValue(String name, int fallback, int min, int max) {
        String v = values.get(name);
        if (v == null) return fallback;
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new UsageException("--" + name + " must be between " + min + " and " + max + ", got " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, got '" + v + "'");
        }
    }

    public double doubleValue(String name, double fallback) {
        String v = values.get(name);
        if (v == null) return fallback;
        try {
            double d = Double.parseDouble(v.trim());
            if (!Double.isFinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, got '" + v + "'");
        }
    }

    /** {@code --name a|b|c}: the value, checked against the allowed ones. */
    public String choice(String name, String fallback, List<String> allowed) {
        String v = values.getOrDefault(name, fallback);
        if (v != null && !allowed.contains(v)) {
            throw new UsageException("--" + name + " must be one of " + String.join(", ", allowed) + "; got '" + v + "'");
        }
        return v;
    }

    public List<String> positional() {
        return Collections.unmodifiableList(positional);
    }
}
