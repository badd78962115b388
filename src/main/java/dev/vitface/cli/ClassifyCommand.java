package dev.vitface.cli;

import dev.vitface.FaceAttributes;
import dev.vitface.classify.ClassificationResult;
import dev.vitface.classify.InputFiles;
import dev.vitface.classify.ImageProgressBar;
import dev.vitface.classify.ResultFormat;
import dev.vitface.classify.ResultWriter;
import dev.vitface.preprocess.ImageDecoder;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code vitface classify}: perceived age, gender and race of face crops. */
final class ClassifyCommand implements Command {
    static final Path DEFAULT_MODEL = Path.of("weights", "clip-face-attribute-classifier");
    private static final int PROGRESS_THRESHOLD = 20;

    @Override
    public String name() {
        return "classify";
    }

    @Override
    public String summary() {
        return "perceived age, gender and race of face images (files or directories)";
    }

    @Override
    public String usage() {
        return """
                Usage: vitface classify [--model DIR] [--format table|jsonl|csv] [--batch N] [--threads N]
                                        [--backend auto|cpu|cuda|java]
                                        [--precision fp32|tf32|bf16] [--strict-precision] [--pixel-limit N] [--exif-transpose] PATH...

                PATH: image files (PNG, JPEG, GIF, BMP, WebP) or directories (searched recursively).
                For each image: the most probable label and its probability for each task, and the
                full distribution (jsonl). The model was trained on tight face crops (FairFace);
                whole photographs give poor results.

                  --model DIR        default weights/clip-face-attribute-classifier (vitface download)
                  --format F         table (default), jsonl (one object per input), csv
                  --batch N          images per forward pass (default 8)
                  --pixel-limit N    refuse larger images before decoding (default 178956970)
                  --exif-transpose   apply the EXIF orientation (training data did not)

                A bad input never stops the run: it gets an error row, and the exit code is 1.

                """ + Main.RESPONSIBLE_USE;
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args args = Args.parse(argv, Set.of("model", "format", "batch", "threads", "backend", "precision", "pixel-limit"),
                Set.of("exif-transpose", "strict-precision"));
        if (args.positional().isEmpty()) throw new UsageException("give at least one image file or directory");
        ResultFormat format = ResultFormat.parse(args.choice("format", "table", ResultFormat.NAMES));
        FaceAttributes.Options options = FaceAttributes.Options.defaults()
                .withEngine(CommonOptions.engine(args))
                .withBatchSize(args.intValue("batch", 8, 1, 1024))
                .withDecoder(ImageDecoder.defaults()
                        .withPixelLimit(args.intValue("pixel-limit", (int) ImageDecoder.DEFAULT_PIXEL_LIMIT, 1, Integer.MAX_VALUE))
                        .withExifTranspose(args.flag("exif-transpose")));
        Path modelDir = args.path("model", DEFAULT_MODEL);
        if (!Files.isDirectory(modelDir)) {
            err.println("vitface classify: no model at " + modelDir + ". Download it with 'vitface download'"
                    + " (1.2 GB), or pass --model DIR.");
            return ExitCodes.FAILURE;
        }
        List<Path> inputs = InputFiles.expand(args.positional());
        if (inputs.isEmpty()) {
            err.println("vitface classify: no image files found in " + String.join(", ", args.positional()));
            return ExitCodes.FAILURE;
        }
        int fileWidth = inputs.stream().mapToInt(p -> p.toString().length()).max().orElse(4);
        ResultWriter writer = format.writer(out, fileWidth);
        ImageProgressBar progress = System.console() != null && System.console().isTerminal() && inputs.size() >= PROGRESS_THRESHOLD
                ? new ImageProgressBar(err, inputs.size()) : null;
        int[] failed = {0};
        try (FaceAttributes model = FaceAttributes.load(modelDir, options)) {
            writer.begin();
            model.classify(inputs, result -> {
                if (result instanceof ClassificationResult.Failure) failed[0]++;
                writer.write(result);
                if (progress != null) progress.advance();
            });
        }
        if (progress != null) progress.finish();
        writer.end(inputs.size(), failed[0]);
        return failed[0] == 0 ? ExitCodes.SUCCESS : ExitCodes.FAILURE;
    }
}
