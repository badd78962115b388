package dev.vitface.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.vitface.classify.FaceDetection;
import dev.vitface.classify.FaceFields;
import dev.vitface.classify.InputFiles;
import dev.vitface.faces.DetectedFace;
import dev.vitface.faces.FaceDetector;
import dev.vitface.preprocess.ImageDecoder;
import dev.vitface.preprocess.RgbImage;
import dev.vitface.util.FailureText;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code vitface faces}: the faces in photos, their boxes and landmarks, and optionally their
 * aligned FairFace chips as PNG files. Needs no model: detection and alignment ship in the jar.
 */
final class FacesCommand implements Command {
    private static final List<String> DETECTORS = List.of("cascade", "full", "short");
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    @Override
    public String name() {
        return "faces";
    }

    @Override
    public String summary() {
        return "find the faces in photos: boxes, landmarks, aligned face chips (no model needed)";
    }

    @Override
    public String usage() {
        return """
                Usage: vitface faces [--format jsonl|table] [--chips DIR] [--min-score S]
                                     [--detector cascade|full|short] [--pixel-limit N] PATH...

                PATH: image files (PNG, JPEG, GIF, BMP, WebP) or directories (searched recursively).
                Finds every face with MediaPipe's BlazeFace (run in Java, weights in the jar) and
                writes one row per face, best first:
                  {"file", "face": 0.., "status": "ok", "score", "box": [x, y, w, h],
                   "landmarks": {"right_eye": [x, y], "left_eye", "nose_tip", "mouth",
                                 "right_ear", "left_ear"}, "chip": PATH}
                in the displayed (EXIF-oriented) image's pixels, rounded to 0.01 px; scores to 4
                decimals. Right and left are the subject's. A photo without a face gets
                {"file", "face": null, "status": "no_face"}; an unreadable file gets
                {"file", "status": "error", "error"} and makes the exit code 1.

                  --format F       jsonl (default) or table
                  --chips DIR      also write each face's aligned chip, as the classifier sees it
                                   (FairFace: 300 x 300 px, padding 0.25), to DIR as
                                   NNNN-NAME-faceK.png (NNNN: the photo's place in the input list)
                  --min-score S    lowest score reported, 0..1 (default: the detector's, 0.7 for
                                   the cascade)
                  --detector D     cascade (default): the full-range model proposes, the short-range
                                   model confirms (faces from ~8 % of the longer side, rotated up
                                   to 30 degrees); full or short: one model alone
                  --pixel-limit N  refuse larger images before decoding (default 178956970)

                Not found: faces smaller than about 8 % of the photo's longer side, profiles, faces
                mostly covered (masks, hands). docs/FACES.md has the measurements.""";
    }

    /** The --detector and --min-score options, shared with classify. */
    static FaceDetection detection(Args args) {
        FaceDetector.Variant variant = switch (args.choice("detector", "cascade", DETECTORS)) {
            case "full" -> FaceDetector.Variant.FULL_RANGE;
            case "short" -> FaceDetector.Variant.SHORT_RANGE;
            default -> FaceDetector.Variant.CASCADE;
        };
        double minScore = args.doubleValue("min-score", variant.defaultMinScore());
        if (minScore < 0 || minScore > 1) throw new UsageException("--min-score must be between 0 and 1, got " + minScore);
        return new FaceDetection(variant, minScore);
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws IOException {
        Args args = Args.parse(argv, Set.of("format", "chips", "min-score", "detector", "pixel-limit"), Set.of());
        if (args.positional().isEmpty()) throw new UsageException("give at least one image file or directory");
        boolean table = args.choice("format", "jsonl", List.of("jsonl", "table")).equals("table");
        FaceDetection detection = detection(args);
        ImageDecoder decoder = ImageDecoder.defaults().withExifTranspose(true)
                .withPixelLimit(args.intValue("pixel-limit", (int) ImageDecoder.DEFAULT_PIXEL_LIMIT, 1, Integer.MAX_VALUE));
        Path chips = args.path("chips", null);
        if (chips != null) Files.createDirectories(chips);
        List<Path> inputs = InputFiles.expand(args.positional());
        if (inputs.isEmpty()) {
            err.println("vitface faces: no image files found in " + String.join(", ", args.positional()));
            return ExitCodes.FAILURE;
        }
        int fileWidth = Math.min(60, inputs.stream().mapToInt(p -> p.toString().length()).max().orElse(4));
        String tableRow = "%-" + fileWidth + "s  %-4s  %-6s  %s%n";
        if (table) out.printf(Locale.ROOT, tableRow, "file", "face", "score", "box (x,y width x height)");
        int failed = 0;
        int faceCount = 0;
        for (int i = 0; i < inputs.size(); i++) {
            Path file = inputs.get(i);
            RgbImage photo;
            List<DetectedFace> faces;
            try {
                photo = decoder.decode(file);
                faces = detection.detect(photo);
            } catch (IOException | RuntimeException e) {
                failed++;
                String message = FailureText.of(e);
                if (table) {
                    out.printf(Locale.ROOT, "%-" + fileWidth + "s  ERROR: %s%n", file, message);
                } else {
                    JsonObject o = row(file);
                    FaceFields.addError(o, message);
                    out.println(GSON.toJson(o));
                }
                continue;
            }
            if (faces.isEmpty()) {
                if (table) {
                    out.printf(Locale.ROOT, "%-" + fileWidth + "s  -     no face found%n", file);
                } else {
                    JsonObject o = row(file);
                    FaceFields.addNoFace(o);
                    out.println(GSON.toJson(o));
                }
            }
            for (int k = 0; k < faces.size(); k++) {
                DetectedFace face = faces.get(k);
                faceCount++;
                Path chip = chips == null ? null
                        : ChipFiles.write(FaceDetection.chip(photo, face), chips.resolve(chipName(i, inputs.size(), file, k)));
                if (table) {
                    out.printf(Locale.ROOT, tableRow, file, k, String.format(Locale.ROOT, "%.4f", face.score()), FaceFields.boxText(face.box()));
                } else {
                    JsonObject o = row(file);
                    FaceFields.addFace(o, k, face);
                    if (chip != null) o.addProperty("chip", chip.toString());
                    out.println(GSON.toJson(o));
                }
            }
        }
        if (table) {
            out.printf(Locale.ROOT, "%d image(s), %d face(s), %d failed.%n", inputs.size(), faceCount, failed);
        }
        out.flush();
        return failed == 0 ? ExitCodes.SUCCESS : ExitCodes.FAILURE;
    }

    private static JsonObject row(Path file) {
        JsonObject o = new JsonObject();
        o.addProperty("file", file.toString());
        return o;
    }

    /**
     * {@code NNNN-NAME-faceK.png}: the photo's place in the input list keeps two inputs with the
     * same name (a/x.jpg, b/x.jpg) apart; the name, made safe for any file system, says which it was.
     */
    static String chipName(int index, int total, Path file, int face) {
        int digits = Math.max(4, Integer.toString(total - 1).length());
        String name = file.getFileName() == null ? "image" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot > 0) name = name.substring(0, dot);
        name = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return String.format(Locale.ROOT, "%0" + digits + "d-%s-face%d.png", index, name, face);
    }
}
