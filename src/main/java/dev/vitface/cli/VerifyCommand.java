package dev.vitface.cli;

import dev.vitface.backend.Backend;
import dev.vitface.backend.BackendSelector;
import dev.vitface.model.ModelDirectory;
import dev.vitface.verify.Comparison;
import dev.vitface.verify.Criteria;
import dev.vitface.verify.GoldenFile;
import dev.vitface.verify.Verifier;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code vitface verify}: runs the model on a golden file's inputs and compares every output. */
final class VerifyCommand implements Command {
    static final double DEFAULT_ATOL = 1e-4;

    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String summary() {
        return "check the engine's outputs against a golden file (max abs error per output)";
    }

    @Override
    public String usage() {
        return """
                Usage: vitface verify --model DIR --golden FILE [--atol X] [--backend auto|cpu|java] [--threads N]
                                      [--precision fp32|bf16] [--strict-precision] [--rtol X]

                Reads pixel_values from the golden safetensors file, runs the model in DIR on them and
                compares every output the file holds (pooler_output, logits.*, hidden_states.*): max
                abs error, max rel error (max abs / max |golden|), cosine, and for logits how many
                images get the golden label (argmax).
                fp32 (default): exit 0 only if every output is within --atol (default 1e-4).
                bf16 (linear layers in BF16 on oneDNN, see docs/BF16.md): exit 0 only if every output
                has cosine >= 0.999 and each head's logits are within --rtol (default 0.02) of its
                largest |golden logit| with the golden argmax for every image. Where BF16 cannot
                run, it falls back to fp32 (and fp32's criteria) with a warning; --strict-precision
                makes that an error instead.

                Make a golden file for the real checkpoint with tools/make_golden.py.""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args args = Args.parse(argv, Set.of("model", "golden", "atol", "rtol", "backend", "threads", "precision"),
                Set.of("strict-precision"));
        if (!args.positional().isEmpty()) throw new UsageException("unexpected argument " + args.positional().getFirst());
        Path modelDir = Path.of(args.required("model"));
        Path goldenPath = Path.of(args.required("golden"));
        double atol = args.doubleValue("atol", DEFAULT_ATOL);
        if (atol < 0) throw new UsageException("--atol must be >= 0");
        double rtol = args.doubleValue("rtol", Criteria.Bf16.LOGITS_RTOL);
        if (rtol < 0) throw new UsageException("--rtol must be >= 0");
        String backendName = args.choice("backend", "auto", BackendSelector.NAMES);
        String precision = args.choice("precision", "fp32", BackendSelector.PRECISIONS);
        int threads = args.intValue("threads", Runtime.getRuntime().availableProcessors(), 1, 1024);

        GoldenFile golden = GoldenFile.read(goldenPath);
        List<Comparison> results;
        Criteria criteria;
        try (ModelDirectory model = ModelDirectory.open(modelDir);
             Backend backend = BackendSelector.select(backendName, precision, args.flag("strict-precision"), threads)) {
            // Judged by the precision that actually ran: a fallback to fp32 meets fp32's criteria.
            criteria = backend.precision().equals("bf16") ? new Criteria.Bf16(Criteria.Bf16.MIN_COSINE, rtol)
                    : new Criteria.MaxAbs(atol);
            results = Verifier.verify(model, golden, backend, criteria);
        }
        out.printf("%-18s %-16s %12s %12s %12s %7s  %s%n", "output", "shape", "max abs", "max rel", "cosine", "argmax",
                "result");
        boolean allPass = true;
        for (Comparison c : results) {
            out.printf("%-18s %-16s %12.3e %12.3e %12.9f %7s  %s%n", c.name(), c.shape(), c.maxAbs(), c.maxRel(), c.cosine(),
                    c.argmax() == null ? "" : c.argmax(), c.pass() ? "PASS" : "FAIL");
            allPass &= c.pass();
        }
        if (results.isEmpty()) {
            err.println("vitface verify: " + goldenPath.getFileName() + " holds no outputs to compare");
            return ExitCodes.FAILURE;
        }
        out.printf("%s: %d of %d outputs %s%n", allPass ? "PASS" : "FAIL",
                results.stream().filter(Comparison::pass).count(), results.size(), criteria.summary());
        return allPass ? ExitCodes.SUCCESS : ExitCodes.FAILURE;
    }
}
