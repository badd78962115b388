package dev.vitface.cli;

import dev.vitface.FaceAttributes;
import dev.vitface.classify.ClassificationResult;
import dev.vitface.classify.FaceMode;
import dev.vitface.classify.InputFiles;
import dev.vitface.classify.ImageProgressBar;
import dev.vitface.classify.ResultFormat;
import dev.vitface.classify.ResultWriter;
import dev.vitface.engine.Workload;
import dev.vitface.preprocess.ImageDecoder;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** {@code vitface classify}: perceived age, gender and race of the faces in photos, or of face crops. */
final class ClassifyCommand implements Command {
    static final Path DEFAULT_MODEL = Path.of("weights", "clip-face-attribute-classifier");
    private static final int PROGRESS_THRESHOLD = 20;

    @Override
    public String name() {
        return "classify";
    }

    @Override
    public String summary() {
        return "perceived age, gender and race of every face in photos (files or directories)";
    }

    @Override
    public String usage() {
        return """
                Usage: vitface classify [--model DIR] [--faces detect|crop] [--detector cascade|full|short]
                                        [--min-score S] [--format table|jsonl|csv] [--batch N] [--threads N]
                                        [--backend auto|cpu|onednn|cuda|java]
                                        [--precision fp32|tf32|bf16] [--strict-precision] [--pixel-limit N] [--exif-transpose] PATH...

                PATH: image files (PNG, JPEG, GIF, BMP, WebP) or directories (searched recursively).
                By default (--faces detect) every face in each photo is found (BlazeFace), aligned
                as the model's FairFace training crops were (300 px chip, padding 0.25) and
                classified: one row per face with its number, score, box and landmarks (jsonl),
                then for each task the most probable label, its probability, and the full
                distribution (jsonl). A photo without a face gets a "no_face" row. Faces smaller
                than about 8 % of the photo's longer side, profiles and heavily covered faces are
                often missed. --faces crop classifies each image as one ready face crop (the
                behaviour before detection; use it for FairFace-style data sets).

                  --model DIR        default weights/clip-face-attribute-classifier (vitface download)
                  --faces M          detect (default) or crop
                  --detector D       cascade (default), full or short range (see vitface faces --help)
                  --min-score S      lowest detection score reported (default: the detector's)
                  --format F         table (default), jsonl (one object per face or input), csv
                  --batch N          faces per forward pass (default 8); faces of many photos share one
                  --pixel-limit N    refuse larger images before decoding (default 178956970)
                  --exif-transpose   apply the EXIF orientation to crops (training data did not);
                                     detection always applies it, so boxes are in displayed pixels

                A bad input never stops the run: it gets an error row, and the exit code is 1.
                A photo without a face is not an error.

                """ + Main.RESPONSIBLE_USE;
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args args = Args.parse(argv, Set.of("model", "format", "batch", "threads", "backend", "precision", "pixel-limit",
                        "faces", "detector", "min-score"),
                Set.of("exif-transpose", "strict-precision"));
        if (args.positional().isEmpty()) throw new UsageException("give at least one image file or directory");
        ResultFormat format = ResultFormat.parse(args.choice("format", "table", ResultFormat.NAMES));
        FaceMode faces = FaceMode.parse(args.choice("faces", FaceMode.DEFAULT.cliName(), FaceMode.NAMES));
        if (faces == FaceMode.CROP && (args.value("detector") != null || args.value("min-score") != null)) {
            throw new UsageException("--detector and --min-score apply to --faces detect only");
        }
        FaceAttributes.Options options = FaceAttributes.Options.defaults()
                .withEngine(CommonOptions.engine(args))
                .withBatchSize(args.intValue("batch", 8, 1, 1024))
                .withDecoder(ImageDecoder.defaults()
                        .withPixelLimit(args.intValue("pixel-limit", (int) ImageDecoder.DEFAULT_PIXEL_LIMIT, 1, Integer.MAX_VALUE))
                        .withExifTranspose(args.flag("exif-transpose")))
                .withDetection(FacesCommand.detection(args));
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
        ResultWriter writer = format.writer(out, fileWidth, faces == FaceMode.DETECT);
        ImageProgressBar progress = System.console() != null && System.console().isTerminal() && inputs.size() >= PROGRESS_THRESHOLD
                ? new ImageProgressBar(err, inputs.size()) : null;
        int[] failed = {0};
        options = options.withEngine(options.engine().withWorkload(Workload.ofImages(inputs.size())));
        try (FaceAttributes model = FaceAttributes.load(modelDir, options)) {
            writer.begin();
            Consumer<ClassificationResult> sink = result -> {
                if (result instanceof ClassificationResult.Failure) failed[0]++;
                writer.write(result);
                if (progress != null && !(result instanceof ClassificationResult.Face f && f.face() > 0)) progress.advance();
            };
            if (faces == FaceMode.DETECT) model.analyze(inputs, sink);
            else model.classify(inputs, sink);
        }
        if (progress != null) progress.finish();
        writer.end(inputs.size(), failed[0]);
        return failed[0] == 0 ? ExitCodes.SUCCESS : ExitCodes.FAILURE;
    }
}
