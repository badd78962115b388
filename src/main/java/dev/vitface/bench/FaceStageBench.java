package dev.vitface.bench;

import dev.vitface.faces.DetectedFace;
import dev.vitface.faces.FaceDetector;
import dev.vitface.faces.align.FaceChips;
import dev.vitface.preprocess.ImageDecoder;
import dev.vitface.preprocess.RgbImage;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * What finding faces adds before the forward pass: detection (the default cascade) plus the
 * FairFace chip of every face found, per photo, on one thread, on a photo bundled in the jar
 * (decoded once, outside the timing: crops are decoded too). {@code vitface bench} reports it
 * beside the forward time per image of the same run.
 */
public final class FaceStageBench {
    /** The demo's astronaut portrait, 512 × 512, one face: one photo's work for one forward image. */
    public static final String PHOTO = "astronaut.png";
    private static final String RESOURCES = "/dev/vitface/demo/";

    /**
     * @param photo        the bundled photo's name
     * @param width        its width in pixels
     * @param height       its height
     * @param faces        faces found (and aligned) per run
     * @param iterations   timed runs
     * @param medianSeconds detection + alignment of the whole photo, median over the runs
     * @param minSeconds   the fastest run
     */
    public record Result(String photo, int width, int height, int faces, int iterations, double medianSeconds, double minSeconds) {
        /** This stage's time per photo as a fraction of {@code forwardSecondsPerImage}. */
        public double fractionOf(double forwardSecondsPerImage) {
            return medianSeconds / forwardSecondsPerImage;
        }

        /** Adds {@code detect_align_seconds_per_photo} and {@code detect_align_fraction_of_forward} to a bench JSON row. */
        public void addTo(JsonObject row, BenchResult forward) {
            row.addProperty("detect_align_seconds_per_photo", medianSeconds);
            row.addProperty("detect_align_fraction_of_forward", fractionOf(forward.secondsPerImageMedian()));
        }

        /** The lines under the bench table: this stage's time, and its share of each batch-8 forward. */
        public void markdown(List<BenchResult> forward, PrintStream out) {
            out.printf(Locale.ROOT, "%ndetect+align (cascade, %s %dx%d, %d face, one thread): %.1f ms per photo median, %.1f min%n",
                    photo, width, height, faces, medianSeconds * 1e3, minSeconds * 1e3);
            for (BenchResult r : forward) {
                if (r.batch() != 8) continue;
                out.printf(Locale.ROOT, "detect+align / forward per image at batch 8 (%s %s): %.2f %% (target <= 5 %%)%n",
                        r.backend(), r.precision(), 100 * fractionOf(r.secondsPerImageMedian()));
            }
        }
    }

    private FaceStageBench() {}

    public static Result run(int warmup, int iterations) throws IOException {
        if (iterations < 1) throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
        RgbImage photo = decodeBundled(PHOTO);
        FaceDetector detector = FaceDetector.standard();
        int faces = 0;
        for (int i = 0; i < warmup; i++) faces = detectAndAlign(photo, detector);
        double[] seconds = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            faces = detectAndAlign(photo, detector);
            seconds[i] = (System.nanoTime() - start) * 1e-9;
        }
        return new Result(PHOTO, photo.width(), photo.height(), faces, iterations, Stats.median(seconds), Stats.min(seconds));
    }

    /** Detects, then cuts each face's chip; returns how many faces there were. */
    private static int detectAndAlign(RgbImage photo, FaceDetector detector) {
        List<DetectedFace> faces = detector.detect(photo);
        long checksum = 0;
        for (DetectedFace face : faces) checksum += FaceChips.extract(photo, face.landmarks()).rgb()[0];
        if (checksum == Long.MIN_VALUE) throw new AssertionError("unreachable: keeps the chips from being optimised away");
        return faces.size();
    }

    private static RgbImage decodeBundled(String name) throws IOException {
        try (InputStream in = FaceStageBench.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) throw new IOException("bench photo missing from the jar: " + RESOURCES + name);
            return ImageDecoder.defaults().withExifTranspose(true).decode(in.readAllBytes(), name);
        }
    }
}
