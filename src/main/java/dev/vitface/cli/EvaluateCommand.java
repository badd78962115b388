package dev.vitface.cli;

import dev.vitface.FaceAttributes;
import dev.vitface.classify.FaceMode;
import dev.vitface.engine.Workload;
import dev.vitface.eval.ModelPredictions;
import dev.vitface.eval.AccuracyBootstrap;
import dev.vitface.eval.Evaluation;
import dev.vitface.eval.Evaluator;
import dev.vitface.eval.FileKeys;
import dev.vitface.eval.HtmlReport;
import dev.vitface.eval.JsonReport;
import dev.vitface.eval.LabelledFaces;
import dev.vitface.eval.LabelsCsv;
import dev.vitface.eval.MatchedInputs;
import dev.vitface.eval.PredictionMatcher;
import dev.vitface.eval.PredictionSource;
import dev.vitface.eval.Predictions;
import dev.vitface.eval.PredictionsCsv;
import dev.vitface.eval.TextReport;
import dev.vitface.util.FailureText;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code vitface evaluate}: scores predictions against FairFace-style labels, overall and per group,
 * and renders the result as text, JSON and an HTML page.
 */
public final class EvaluateCommand implements Command {
    static final int DEFAULT_RESAMPLES = 1000;
    static final int DEFAULT_SEED = 0;
    static final String HTML_FILE = "report.html";
    static final String JSON_FILE = "report.json";

    private static final Set<String> VALUE_OPTIONS =
            Set.of("labels", "predictions", "model", "batch", "threads", "backend", "precision", "images", "format", "report",
                    "bootstrap", "seed", "digits", "faces");

    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "score predictions against FairFace-style labels, overall and per group";
    }

    @Override
    public String usage() {
        return """
                Usage: vitface evaluate --labels CSV (--predictions CSV | --model DIR) [options]

                Scores the classifier's perceived age, gender and race against labels: accuracy,
                per-class precision/recall/F1/support with macro and weighted averages (as
                scikit-learn's classification_report, zero_division=0, printed in its layout), the
                confusion matrix, and each task's accuracy and macro-F1 within every labelled group
                of the other attributes, with the largest gap, the min/max ratio and seeded
                bootstrap 95 %% intervals.

                Options:
                  --labels CSV        ground truth in FairFace's format: file,age,gender,race[,service_test]
                  --predictions CSV   the output of 'vitface classify --format csv'
                  --model DIR         or run this model on the labelled images (as classify does;
                                      --batch N, --threads N, --backend, --precision apply)
                  --faces crop|detect with --model: crop (default) takes each image as one
                                      FairFace-style face crop, as the labels' data sets are;
                                      detect finds the face first, and an image with no face or
                                      with several is listed as a problem ("no_face",
                                      "several_faces") and left out of the metrics
                  --images ROOT       the folder the labels' file paths are relative to
                                      (default: the folder holding the labels CSV)
                  --format text|json  what to print (default text)
                  --report DIR        also write DIR/%s (self-contained) and DIR/%s
                  --bootstrap N       bootstrap resamples per interval (default %d)
                  --seed N            bootstrap seed (default %d); the same seed gives the same intervals
                  --digits N          decimals in the classification report (default 2, as scikit-learn)

                A prediction matches a label when both name the same file under ROOT: a prediction's
                path is taken relative to the current folder if that puts it inside ROOT, else
                relative to ROOT; paths are normalised and compared exactly. Files found on one side
                only, duplicate rows, unknown labels and inference errors are listed ("unmatched",
                "errors"), counted, and left out of the metrics.

                Exit codes: 0 success, 1 unreadable or malformed input, 2 usage error."""
                .formatted(HTML_FILE, JSON_FILE, DEFAULT_RESAMPLES, DEFAULT_SEED);
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args args = Args.parse(argv, VALUE_OPTIONS, Set.of("strict-precision"));
        if (!args.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + args.positional().getFirst() + "'");
        }
        Path labelsCsv = Path.of(args.required("labels"));
        if ((args.value("predictions") == null) == (args.value("model") == null)) {
            throw new UsageException("give exactly one of --predictions CSV and --model DIR");
        }
        FaceAttributes.Options modelOptions = FaceAttributes.Options.defaults()
                .withEngine(CommonOptions.engine(args))
                .withBatchSize(args.intValue("batch", 8, 1, 1024));
        FaceMode faces = FaceMode.parse(args.choice("faces", "crop", FaceMode.NAMES));
        if (args.value("faces") != null && args.value("model") == null) {
            throw new UsageException("--faces applies to --model only (a predictions CSV is already made)");
        }
        Path images = args.path("images", labelsFolder(labelsCsv));
        String format = args.choice("format", "text", List.of("text", "json"));
        Path reportDir = args.path("report", null);
        int resamples = args.intValue("bootstrap", DEFAULT_RESAMPLES, 1, 1_000_000);
        int seed = args.intValue("seed", DEFAULT_SEED, Integer.MIN_VALUE, Integer.MAX_VALUE);
        int digits = args.intValue("digits", 2, 0, 15);

        try {
            FileKeys keys = new FileKeys(images);
            LabelledFaces labels = LabelsCsv.read(labelsCsv, keys);
            Workload workload = Workload.ofImages(labels.faces().size());
            PredictionSource source = args.value("model") != null
                    ? new ModelPredictions(Path.of(args.value("model")),
                            modelOptions.withEngine(modelOptions.engine().withWorkload(workload)),
                            labels.faces().stream().map(f -> images.resolve(f.file())).toList(), faces)
                    : new PredictionsCsv(Path.of(args.value("predictions")));
            Predictions predictions = source.predictions();
            MatchedInputs matched = PredictionMatcher.match(labels, source.description(), predictions, keys);
            if (matched.faces().size() == 0) {
                err.println("vitface evaluate: no labelled face has a usable prediction (" + labels.faces().size()
                        + " labelled, " + predictions.usable().size() + " predicted, " + matched.unmatched().size()
                        + " unmatched, " + matched.problems().size() + " rows not usable); check --images: labels'"
                        + " files are read relative to " + images);
                return ExitCodes.FAILURE;
            }
            Evaluation evaluation = new Evaluator(new AccuracyBootstrap(resamples, seed))
                    .evaluate(matched, labelsCsv.toString(), source.description());

            out.print(format.equals("json") ? JsonReport.render(evaluation) : TextReport.render(evaluation, digits));
            if (reportDir != null) writeReport(reportDir, evaluation, digits, err);
            if (!evaluation.unmatched().isEmpty() || !evaluation.problems().isEmpty()) {
                err.println("vitface evaluate: unmatched files: " + evaluation.unmatched().size()
                        + ", rows not evaluated: " + evaluation.problems().size() + "; the report lists them");
            }
            return ExitCodes.SUCCESS;
        } catch (IOException e) {
            err.println("vitface evaluate: " + describe(e));
            return ExitCodes.FAILURE;
        }
    }

    /** A file-system exception's message is often just the path; say what happened to it. */
    private static String describe(IOException e) {
        return switch (e) {
            case NoSuchFileException missing -> "no such file: " + missing.getFile();
            case AccessDeniedException denied -> "permission denied: " + denied.getFile();
            case FileAlreadyExistsException exists -> "not a folder: " + exists.getFile();
            case NotDirectoryException notFolder -> "not a folder: " + notFolder.getFile();
            default -> FailureText.of(e);
        };
    }

    private static Path labelsFolder(Path labelsCsv) {
        Path parent = labelsCsv.toAbsolutePath().getParent();
        return parent == null ? Path.of("") : parent;
    }

    private static void writeReport(Path dir, Evaluation evaluation, int digits, PrintStream err) throws IOException {
        Files.createDirectories(dir);
        Path html = dir.resolve(HTML_FILE);
        Path json = dir.resolve(JSON_FILE);
        Files.writeString(html, HtmlReport.render(evaluation, digits), StandardCharsets.UTF_8);
        Files.writeString(json, JsonReport.render(evaluation), StandardCharsets.UTF_8);
        err.println("vitface evaluate: wrote " + html + " and " + json);
    }
}
