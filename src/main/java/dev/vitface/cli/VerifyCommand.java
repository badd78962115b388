package dev.vitface.cli;

import dev.vitface.backend.Precision;
import dev.vitface.backend.cuda.CudaAvailability;
import dev.vitface.engine.BackendKind;
import dev.vitface.engine.EngineOptions;
import dev.vitface.model.ModelDirectory;
import dev.vitface.verify.Comparison;
import dev.vitface.verify.GoldenFile;
import dev.vitface.verify.GpuCheck;
import dev.vitface.verify.PrecisionCriteria;
import dev.vitface.verify.Verifier;
import dev.vitface.verify.VerifyReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code vitface verify}: runs the model on a golden file's inputs and compares every output. */
final class VerifyCommand implements Command {
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
                Usage: vitface verify --model DIR --golden FILE [--atol X] [--rtol X] [--backend auto|cpu|onednn|cuda|java]
                                      [--precision fp32|tf32|bf16] [--strict-precision] [--threads N]

                Reads pixel_values from the golden safetensors file, runs the model in DIR on them and
                compares every output the file holds (pooler_output, logits.*, hidden_states.*): max
                abs error, max rel error (max abs / max |golden|) and cosine per output.
                Pass criteria: fp32 (default): every output within --atol (default 1e-4).
                tf32 / bf16: cosine of pooler_output >= 0.9999 / 0.999 for every image, each head's
                logits within --rtol (default 0.02) of its largest |golden logit|, and the same argmax
                on every head for every image (reduced precision moves every value a little; what must
                hold is the direction of the embedding and the decision), except on a near-tie: where
                the golden logits of the two classes are within 0.01 of the head's largest |golden
                logit|, either is accepted and counted in the report. A precision that cannot run
                here falls back to fp32 (logged) and is judged as fp32, unless --strict-precision.
                Exit 0 only if every criterion holds.

                --backend cuda checks the GPU more closely, for each precision of a comma-separated
                --precision list (e.g. fp32,tf32,bf16): an eager pass (with the hidden states when the
                file has them), then a pass replaying a CUDA graph, each judged as above, and device
                memory steady over repeated calls. Without a usable GPU it says why and exits 1.

                Make a golden file for the real checkpoint with tools/make_golden.py.""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args args = Args.parse(argv, Set.of("model", "golden", "atol", "rtol", "backend", "precision", "threads"),
                Set.of("strict-precision"));
        if (!args.positional().isEmpty()) throw new UsageException("unexpected argument " + args.positional().getFirst());
        Path modelDir = Path.of(args.required("model"));
        Path goldenPath = Path.of(args.required("golden"));
        double atol = args.doubleValue("atol", PrecisionCriteria.FP32_ATOL);
        if (atol < 0) throw new UsageException("--atol must be >= 0");
        double rtol = args.doubleValue("rtol", PrecisionCriteria.LOGITS_RTOL);
        if (rtol < 0) throw new UsageException("--rtol must be >= 0");
        boolean cuda = BackendKind.parse(args.choice("backend", "auto", BackendKind.NAMES)) == BackendKind.CUDA;
        List<Precision> cudaPrecisions = cuda ? BenchCommand.parsePrecisions(args.value("precision", "fp32")) : List.of();
        EngineOptions options = cuda ? null : CommonOptions.engine(args);

        GoldenFile golden = GoldenFile.read(goldenPath);
        if (golden.outputs().isEmpty()) {
            err.println("vitface verify: " + goldenPath.getFileName() + " holds no outputs to compare");
            return ExitCodes.FAILURE;
        }
        if (cuda) {
            try (ModelDirectory model = ModelDirectory.open(modelDir)) {
                if (GpuCheck.run(model, golden, cudaPrecisions, atol, rtol, out)) return ExitCodes.SUCCESS;
                CudaAvailability cudaHere = CudaAvailability.probe();
                err.println("vitface verify: " + (cudaHere.available() ? "the GPU check failed (above)" : cudaHere.describe()));
                return ExitCodes.FAILURE;
            }
        }
        VerifyReport report;
        try (ModelDirectory model = ModelDirectory.open(modelDir)) {
            report = Verifier.verify(model, golden, options, atol, rtol);
        }
        out.println("engine: " + report.engine());
        out.printf("%-18s %-16s %12s %12s %12s%s%n", "output", "shape", "max abs", "max rel", "cosine",
                report.precision() == Precision.FP32 ? "  result" : "");
        for (Comparison c : report.comparisons()) {
            out.printf("%-18s %-16s %12.3e %12.3e %12.9f%s%n", c.name(), c.shape(), c.maxAbs(), c.maxRel(), c.cosine(),
                    report.precision() == Precision.FP32 ? (c.pass() ? "  PASS" : "  FAIL") : "");
        }
        if (report.precision() != Precision.FP32) {
            out.println("criteria for " + report.precision().cliName() + ":");
            for (PrecisionCriteria.Criterion c : report.criteria()) {
                out.printf("  %-36s %-56s %-27s %s%n", c.name(), c.measured(), c.bound(), c.pass() ? "PASS" : "FAIL");
            }
        }
        long passed = report.criteria().stream().filter(PrecisionCriteria.Criterion::pass).count();
        out.printf("%s: %d of %d %s (%s)%n", report.pass() ? "PASS" : "FAIL", passed, report.criteria().size(),
                report.precision() == Precision.FP32 ? String.format("outputs within atol %.1e", atol) : "criteria hold",
                report.precision().cliName());
        return report.pass() ? ExitCodes.SUCCESS : ExitCodes.FAILURE;
    }
}
