package dev.vitface.bench.ort;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the main methods of {@link OrtBench} and {@link PairedBench} share: their flags, and the same-model check's exit. */
final class BenchCli {
    private BenchCli() {}

    /** {@code --name value} pairs, each name one of {@code known}; prints {@code usage} and exits 2 otherwise. */
    static Map<String, String> parse(String[] argv, List<String> known, String usage) {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String name = argv[i].startsWith("--") ? argv[i].substring(2) : null;
            if (name == null || !known.contains(name) || i + 1 == argv.length) {
                System.err.println("usage: " + usage);
                System.exit(2);
            }
            args.put(name, argv[++i]);
        }
        return args;
    }

    /**
     * Exits 1 when two engines' outputs lie further apart than {@code tolerance} (or NaN): they do
     * not run the same model, and their timings compare nothing.
     *
     * @param apart what differs, e.g. "OrtBench: ONNX Runtime's outputs differ from PyTorch's"
     * @return {@code worst}, when within the tolerance
     */
    static double requireSameModel(String apart, double worst, double tolerance) {
        if (!(worst <= tolerance)) {
            System.err.printf("%s by %.3g (allowed %.0e): not the same model%n", apart, worst, tolerance);
            System.exit(1);
        }
        return worst;
    }
}
