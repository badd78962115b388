package dev.vitface.cli;

import dev.vitface.FaceAttributes;
import dev.vitface.classify.AnalyzedFace;
import dev.vitface.classify.ClassificationResult;
import dev.vitface.classify.FacePrediction;
import dev.vitface.classify.ResultFormat;
import dev.vitface.classify.ResultWriter;
import dev.vitface.classify.TaskPrediction;
import dev.vitface.engine.Workload;
import dev.vitface.model.ModelDirectory;
import dev.vitface.model.Task;
import dev.vitface.verify.GoldenFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * {@code vitface demo}: the whole pipeline on what ships in the jar. Without downloaded weights it
 * runs the tiny random-weight model on three bundled images and checks every probability against
 * the bundled golden outputs; with real weights it classifies the bundled sample face. Either way
 * it then finds, aligns and classifies the faces of a bundled group photo and writes the photo
 * with the boxes and perceived labels drawn on it.
 */
final class DemoCommand implements Command {
    private static final String RESOURCES = "/dev/vitface/demo/";
    private static final List<String> DEMO_MODEL = List.of("config.json", "preprocessor_config.json", "model.safetensors");
    private static final List<String> DEMO_IMAGES = List.of("astronaut.png", "chelsea.png", "synthetic_70x50.png");
    private static final String SAMPLE_FACE = "astronaut_face.png";
    private static final String GROUP_PHOTO = "group.png";
    private static final double PROBABILITY_TOLERANCE = 1e-5;

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "run the whole pipeline on bundled images (tiny demo model, or your downloaded weights)";
    }

    @Override
    public String usage() {
        return """
                Usage: vitface demo [--model DIR] [--annotated FILE]

                With no weights in weights/clip-face-attribute-classifier (or --model DIR): decodes,
                preprocesses and classifies three bundled images with a tiny model whose weights are
                RANDOM (seeded), then checks every probability against golden outputs computed by an
                independent float64 reference. The predictions are meaningless; the check is the point.
                With real weights present: classifies the bundled sample face crop with them.

                Then, with either model, it finds the faces of a bundled group photo (the NASA
                astronaut portrait, public domain, pasted at several sizes, rotated and mirrored),
                aligns and classifies each, and writes the photo with every box and its perceived
                labels drawn on it to FILE (default: a new vitface-demo-faces-*.png in the system's
                temporary folder), printing its path. With the tiny model those labels are
                meaningless, and the image says so.

                """ + Main.RESPONSIBLE_USE;
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws IOException {
        Args args = Args.parse(argv, Set.of("model", "annotated"), Set.of());
        if (!args.positional().isEmpty()) throw new UsageException("unexpected argument " + args.positional().getFirst());
        Path realModel = args.path("model", ClassifyCommand.DEFAULT_MODEL);
        Path annotated = args.path("annotated", null);
        Path work = Files.createTempDirectory("vitface-demo-");
        try {
            if (Files.isRegularFile(realModel.resolve(ModelDirectory.WEIGHTS))) return realWeights(realModel, work, annotated, out);
            if (args.value("model") != null) {
                err.println("vitface demo: no " + ModelDirectory.WEIGHTS + " in " + realModel);
                return ExitCodes.FAILURE;
            }
            return tinyModel(work, annotated, out, err);
        } finally {
            deleteTree(work);
        }
    }

    private static int realWeights(Path modelDir, Path work, Path annotated, PrintStream out) throws IOException {
        Path face = extract(SAMPLE_FACE, work);
        out.println("Classifying the bundled sample face crop with the weights in " + modelDir + ":");
        try (FaceAttributes model = FaceAttributes.load(modelDir, optionsFor(2))) { // the face crop and the group photo
            FacePrediction p = model.classify(face);
            ResultWriter writer = ResultFormat.TABLE.writer(out, SAMPLE_FACE.length());
            writer.begin();
            writer.write(new ClassificationResult.Success(SAMPLE_FACE, p));
            writer.end(1, 0);
            groupPhoto(model, annotated, false, out);
        }
        return ExitCodes.SUCCESS;
    }

    /**
     * Detection, alignment and classification of the bundled group photo's faces: a table of them,
     * and the photo with boxes and perceived labels drawn on it, written to {@code target} (a new
     * temporary file when null), whose path is printed. The photo is decoded once, straight from
     * the jar: the same pixels are analysed and drawn on (an RGB PNG without EXIF, so its file
     * would give the same faces, as AnalyzeTest checks).
     */
    private static void groupPhoto(FaceAttributes model, Path target, boolean tinyModel, PrintStream out)
            throws IOException {
        BufferedImage photo = readImage(GROUP_PHOTO);
        List<AnalyzedFace> faces = model.analyze(photo);
        out.println();
        out.println("Faces found in the bundled group photo (" + GROUP_PHOTO + "), aligned and classified"
                + (tinyModel ? " by the tiny random model, so the labels are meaningless:" : ":"));
        ResultWriter writer = ResultFormat.TABLE.writer(out, GROUP_PHOTO.length(), true);
        writer.begin();
        for (int i = 0; i < faces.size(); i++) writer.write(new ClassificationResult.Face(GROUP_PHOTO, i, faces.get(i)));
        writer.end(1, 0);
        String caption = tinyModel
                ? "DEMO MODEL WITH RANDOM WEIGHTS: these labels are meaningless. The boxes are real."
                : "Labels are how the model perceives each face, not who the person is.";
        BufferedImage drawn = AnnotatedPhoto.draw(photo, faces, caption);
        Path file = target != null ? target : Files.createTempFile("vitface-demo-faces-", ".png");
        ChipFiles.write(drawn, file);
        out.println("annotated photo: " + file.toAbsolutePath());
    }

    private static int tinyModel(Path work, Path annotated, PrintStream out, PrintStream err) throws IOException {
        Path modelDir = Files.createDirectories(work.resolve("tiny-model"));
        for (String f : DEMO_MODEL) extract(f, modelDir);
        List<Path> images = new ArrayList<>(DEMO_IMAGES.size());
        for (String f : DEMO_IMAGES) images.add(extract(f, work));
        GoldenFile golden = GoldenFile.read(extract("golden.safetensors", work));
        out.println("No downloaded weights: running the tiny DEMO model (2 layers, random seeded weights)");
        out.println("on three bundled images. The labels below are meaningless; what matters is the check.");
        out.println("Get the real model with 'vitface download', then run 'vitface demo' again.\n");

        List<ClassificationResult> results;
        try (FaceAttributes model = FaceAttributes.load(modelDir,
                optionsFor(DEMO_IMAGES.size() + 1).withBatchSize(DEMO_IMAGES.size()))) {
            results = model.classify(images);
            boolean pass = check(results, golden, out);
            if (!pass) {
                err.println("vitface demo: the pipeline does not reproduce the golden outputs");
                return ExitCodes.FAILURE;
            }
            groupPhoto(model, annotated, true, out);
        }
        return ExitCodes.SUCCESS;
    }

    /** The defaults, for a run of {@code images} images: a short one, which the engine opens for (Workload). */
    private static FaceAttributes.Options optionsFor(int images) {
        FaceAttributes.Options defaults = FaceAttributes.Options.defaults();
        return defaults.withEngine(defaults.engine().withWorkload(Workload.ofImages(images)));
    }

    /** Prints the three images' predictions and whether they match the golden outputs. */
    private static boolean check(List<ClassificationResult> results, GoldenFile golden, PrintStream out) {
        ResultWriter writer = ResultFormat.TABLE.writer(out, 20);
        writer.begin();
        double worst = 0;
        for (int i = 0; i < results.size(); i++) {
            ClassificationResult r = results.get(i);
            writer.write(r instanceof ClassificationResult.Success s
                    ? new ClassificationResult.Success(DEMO_IMAGES.get(i), s.prediction())
                    : new ClassificationResult.Failure(DEMO_IMAGES.get(i), ((ClassificationResult.Failure) r).error()));
            if (!(r instanceof ClassificationResult.Success s)) {
                worst = Double.POSITIVE_INFINITY;
                continue;
            }
            for (Task t : Task.values()) worst = Math.max(worst, maxDifference(s.prediction().get(t), golden, t, i));
        }
        writer.end(results.size(), (int) results.stream().filter(r -> r instanceof ClassificationResult.Failure).count());
        boolean pass = worst <= PROBABILITY_TOLERANCE;
        out.printf(Locale.ROOT, "%ncheck: decode -> preprocess -> forward -> heads vs. the golden outputs: max |dp| = %.2e (%s, tolerance %.0e)%n",
                worst, pass ? "PASS" : "FAIL", PROBABILITY_TOLERANCE);
        return pass;
    }

    /** Largest difference between our probabilities and the softmax of the golden logits of image {@code i}. */
    private static double maxDifference(TaskPrediction p, GoldenFile golden, Task t, int i) {
        int n = p.probabilities().size();
        double[] logits = golden.outputs().get("logits." + t.key()).values();
        double[] expected = TaskPrediction.softmax(Arrays.copyOfRange(logits, i * n, (i + 1) * n));
        double worst = 0;
        int k = 0;
        for (double ours : p.probabilities().values()) worst = Math.max(worst, Math.abs(ours - expected[k++]));
        return worst;
    }

    private static Path extract(String name, Path dir) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = resource(name)) {
            Files.copy(in, target);
        }
        return target;
    }

    private static BufferedImage readImage(String name) throws IOException {
        try (InputStream in = resource(name)) {
            BufferedImage image = ImageIO.read(in);
            if (image == null) throw new IOException("demo resource is not a readable image: " + name);
            return image;
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = DemoCommand.class.getResourceAsStream(RESOURCES + name);
        if (in == null) throw new IOException("demo resource missing from the jar: " + name);
        return in;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
