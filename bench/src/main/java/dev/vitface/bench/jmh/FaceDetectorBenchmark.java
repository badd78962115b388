package dev.vitface.bench.jmh;

import dev.vitface.faces.FaceDetector;
import dev.vitface.preprocess.ImageDecoder;
import dev.vitface.preprocess.RgbImage;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Face detection on one photo, one thread, from decoded pixels to faces (letterbox and resize,
 * network, decoding, NMS; for {@code CASCADE} also the short-range pass on each proposal's window).
 * The photo is the bundled 512×512 astronaut portrait (one face), as it is ({@code canvas=photo}) or
 * centred on a grey 1600×1200 canvas ({@code canvas=1600x1200}: the resize reads 4× the pixels).
 * Run from the repository root (the photo path is relative to it).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:-UseProfiledLoopPredicate",
        "--sun-misc-unsafe-memory-access=allow"}) // the last for JMH 1.37 itself, on JDK 24+
@State(Scope.Benchmark)
public class FaceDetectorBenchmark {
    @Param({"CASCADE", "FULL_RANGE", "SHORT_RANGE"})
    public String variant;

    @Param({"photo", "1600x1200"})
    public String canvas;

    @Param({"src/test/resources/fixtures/tiny/astronaut.png"})
    public String photo;

    private FaceDetector detector;
    private RgbImage image;

    @Setup
    public void setUp() throws Exception {
        detector = FaceDetector.load(FaceDetector.Variant.valueOf(variant));
        RgbImage decoded = ImageDecoder.defaults().decode(Path.of(photo));
        image = switch (canvas) {
            case "photo" -> decoded;
            case "1600x1200" -> centredOnGrey(decoded, 1600, 1200);
            default -> throw new IllegalArgumentException("canvas is photo or 1600x1200, not " + canvas);
        };
        if (detector.detect(image).isEmpty()) throw new IllegalStateException(photo + ": no face found, the benchmark would not measure a verdict");
    }

    private static RgbImage centredOnGrey(RgbImage photo, int width, int height) {
        if (photo.width() > width || photo.height() > height) throw new IllegalArgumentException("photo larger than the canvas");
        RgbImage out = RgbImage.blank(width, height);
        java.util.Arrays.fill(out.rgb(), (byte) 128);
        int x0 = (width - photo.width()) / 2, y0 = (height - photo.height()) / 2;
        for (int y = 0; y < photo.height(); y++) {
            System.arraycopy(photo.rgb(), y * photo.width() * 3, out.rgb(), ((y0 + y) * width + x0) * 3, photo.width() * 3);
        }
        return out;
    }

    @Benchmark
    public Object detect() {
        return detector.detect(image);
    }
}
