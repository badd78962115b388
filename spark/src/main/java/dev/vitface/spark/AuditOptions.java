package dev.vitface.spark;

import dev.vitface.backend.Precision;
import dev.vitface.classify.FaceMode;
import dev.vitface.cli.Args;
import dev.vitface.cli.UsageException;
import dev.vitface.engine.BackendKind;
import dev.vitface.preprocess.ImageDecoder;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments of {@code vitface-spark audit}, checked in full before Spark starts.
 *
 * @param master        {@code --master}, when given (spark-submit passes its own through the Spark conf)
 * @param model         {@code --model}: a directory every JVM can read, or {@code sparkfiles:[NAME]}
 * @param shipModel     {@code --ship-model}: the driver ships the model's files to every executor
 * @param modelSha256   {@code --model-sha256}: the expected hash, when the driver should not compute it
 * @param input         {@code --input}: a directory tree of images, or a Parquet table
 * @param parquetInput  {@code --input-format parquet}
 * @param pathColumn    {@code --path-col} of a Parquet input
 * @param contentColumn {@code --content-col} of a Parquet input
 * @param glob          {@code --glob}: which file names of a directory tree are read
 * @param output        {@code --output}: where the audit rows go
 * @param format        {@code --format}
 * @param overwrite     {@code --overwrite}: replace an existing output
 * @param summary       {@code --summary PATH}, when given
 * @param faceMode      {@code --faces}
 * @param partitions    {@code --partitions}: repartition the input first, when given
 */
record AuditOptions(Optional<String> master, String model, boolean shipModel, Optional<String> modelSha256,
                    String input, boolean parquetInput, String pathColumn, String contentColumn, String glob,
                    String output, OutputFormat format, boolean overwrite, Optional<String> summary,
                    FaceMode faceMode, int batch, Optional<Integer> partitions,
                    String backend, String precision, boolean strictPrecision, long pixelLimit, boolean exifTranspose) {

    static final int DEFAULT_BATCH = 8;
    private static final Set<String> VALUES = Set.of("master", "model", "model-sha256", "input", "input-format", "path-col",
            "content-col", "glob", "output", "format", "summary", "faces", "batch", "partitions", "backend", "precision",
            "pixel-limit");
    private static final Set<String> FLAGS = Set.of("ship-model", "overwrite", "strict-precision", "exif-transpose");

    static AuditOptions parse(List<String> argv) {
        Args args = Args.parse(argv, VALUES, FLAGS);
        if (!args.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + args.positional().get(0) + "'; options only (see --help)");
        }
        String model = args.required("model");
        boolean ship = args.flag("ship-model");
        if (ship && model.startsWith(ModelLocation.SPARK_FILES)) {
            throw new UsageException("--ship-model ships a directory of the driver; --model " + model + " is already in SparkFiles");
        }
        Optional<String> sha = Optional.ofNullable(args.value("model-sha256"));
        if (sha.isPresent() && !sha.get().matches("[0-9a-f]{64}")) {
            throw new UsageException("--model-sha256 must be 64 lower-case hex digits, got '" + sha.get() + "'");
        }
        boolean parquet = args.choice("input-format", "files", List.of("files", "parquet")).equals("parquet");
        if (!parquet && (args.value("path-col") != null || args.value("content-col") != null)) {
            throw new UsageException("--path-col and --content-col name the columns of a Parquet input (--input-format parquet)");
        }
        if (parquet && args.value("glob") != null) {
            throw new UsageException("--glob filters the files of a directory tree, not a Parquet input");
        }
        FaceMode mode = FaceMode.parse(args.choice("faces", FaceMode.DEFAULT.cliName(), FaceMode.NAMES));
        Optional<Integer> partitions = args.value("partitions") == null ? Optional.empty()
                : Optional.of(args.intValue("partitions", 1, 1, 1_000_000));
        String precision = args.choice("precision", "fp32", Precision.NAMES);
        return new AuditOptions(Optional.ofNullable(args.value("master")), model, ship, sha,
                args.required("input"), parquet, args.value("path-col", "path"), args.value("content-col", "content"),
                args.value("glob", InputTable.IMAGE_GLOB),
                args.required("output"), OutputFormat.parse(args.choice("format", "parquet", OutputFormat.NAMES)),
                args.flag("overwrite"), Optional.ofNullable(args.value("summary")),
                mode, args.intValue("batch", DEFAULT_BATCH, 1, 1024), partitions,
                args.choice("backend", "auto", BackendKind.NAMES), precision, args.flag("strict-precision"),
                args.intValue("pixel-limit", (int) ImageDecoder.DEFAULT_PIXEL_LIMIT, 1, Integer.MAX_VALUE),
                args.flag("exif-transpose"));
    }

    /** The {@link FaceSource} of {@code --faces}. */
    FaceSource faces() {
        return FaceSources.forMode(faceMode);
    }

    static String usage() {
        return """
                Usage: vitface-spark audit --model DIR|sparkfiles:[NAME] --input PATH --output PATH
                                           [--master URL] [--format parquet|json|csv] [--faces crop|detect] [--batch N]
                                           [--input-format files|parquet] [--glob GLOB] [--path-col C] [--content-col C]
                                           [--summary PATH] [--partitions N] [--overwrite] [--ship-model] [--model-sha256 HEX]
                                           [--backend auto|cpu|cuda|java] [--precision fp32|tf32|bf16] [--strict-precision]
                                           [--pixel-limit N] [--exif-transpose]

                Perceived age, gender and race of every face in an image collection, on Apache Spark:
                one row per face (path, face, status, error, box, score, landmarks, age, gender, race,
                model_sha256), a no_face row per image without a face and an error row per unreadable
                image, so the audit's denominators stay right. age, gender and race are
                {label, probability, probabilities} as in 'vitface classify --format jsonl'.

                  --master URL         Spark master (default local[*]; under spark-submit, its --master)
                  --model DIR          model directory every executor can read (shared storage, or any
                                       local path with a local master); sparkfiles:[NAME] reads the copy
                                       spark-submit --files/--archives put in each JVM's SparkFiles folder
                  --ship-model         the driver ships DIR's files to every executor (SparkContext.addFile)
                  --model-sha256 HEX   expected SHA-256 of model.safetensors (default: the driver hashes it);
                                       every executor checks the copy it loaded against it
                  --input PATH         a directory tree of images (recursive), or with --input-format parquet
                                       a Parquet table; any file system Spark reads (file:, hdfs:, s3a:)
                  --glob GLOB          file names to read (default: jpg, jpeg, png, gif, bmp, webp in any case)
                  --path-col C         Parquet input: the image's path or id column (default path)
                  --content-col C      Parquet input: the binary column of image bytes (default content)
                  --output PATH        where the rows go; --overwrite replaces an existing one
                  --format F           parquet (default), json (one object per line), csv (flattened:
                                       box_x.., landmarks_<point>_x.., <attr>, <attr>_probability,
                                       <attr>_probabilities as a JSON object)
                  --faces M            detect: every face BlazeFace finds, aligned to its FairFace chip, as
                                       vitface classify --faces detect (EXIF orientation applied); crop:
                                       each image is one face crop (face 0, box = the whole image), with
                                       --exif-transpose applying the EXIF orientation (default %s)
                  --batch N            faces per forward pass (default %d); a task holds at most N faces
                  --summary PATH       also write per-attribute counts and shares with 95%% Wilson intervals,
                                       and the no-face and error rates (in --format), and print them
                  --partitions N       repartition the input into N partitions first
                  --backend B          as in vitface classify; the engine gets spark.task.cpus threads

                Every image with a face gets rows; bad images get error rows and never stop the job. Exit
                codes: 0 the audit completed (error rows included), 1 the job failed, 2 usage error.

                Responsible use (from the model card): the model estimates how a face is *perceived*
                (age bin, gender, FairFace race group). It must not be used for surveillance or tracking,
                for decisions about people's rights, access or opportunities, or to infer anyone's
                self-identified gender, race or age. Audits are its purpose: aggregate measurements of
                models and data sets. Its accuracy differs across groups: measure it before relying on it.
                """.formatted(FaceMode.DEFAULT.cliName(), DEFAULT_BATCH);
    }
}
