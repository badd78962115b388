package dev.vitface.bench.jmh;

import dev.vitface.backend.Backend;
import dev.vitface.bench.RandomPixels;
import dev.vitface.engine.BackendKind;
import dev.vitface.engine.BackendSelector;
import dev.vitface.forward.ForwardOutput;
import dev.vitface.forward.cpu.VisionTransformer;
import dev.vitface.model.ModelDirectory;
import dev.vitface.model.VisionConfig;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole forward pass (patch embedding to the three heads' logits) of the seeded full-size
 * ViT-L/14 at 162.0 GFLOP per image, loaded through the normal loader with the F32 weights
 * mapped in place. The score is seconds per forward of the whole batch: divide by the batch for
 * seconds per image. A forward takes seconds, so every iteration is one or a few of them; the
 * warm-up iterations let C2 compile the vector kernels (see {@code vitface bench --warmup}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:-UseProfiledLoopPredicate",
        "--sun-misc-unsafe-memory-access=allow"}) // the last for JMH 1.37 itself, on JDK 24+
@State(Scope.Benchmark)
public class ForwardBenchmark {
    @Param({"1", "8"})
    public int batch;

    /** 0: every core. */
    @Param({"0"})
    public int threads;

    /** auto | cpu | java, as {@code --backend}. */
    @Param({"cpu"})
    public String backend;

    /** A model directory; the default is written once from the seeded recipe if it is missing. */
    @Param({BenchData.SEEDED_MODEL})
    public String model;

    private ModelDirectory dir;
    private Backend selected;
    private VisionTransformer vit;
    private float[] pixels;

    @Setup
    public void setUp() {
        dir = ModelDirectory.open(BenchData.seededModel(model));
        selected = BackendSelector.select(BackendKind.parse(backend), BenchData.threads(threads));
        VisionConfig c = dir.config();
        vit = new VisionTransformer(c, dir.weights(), selected, batch);
        // The pixels vitface bench uses: the work does not depend on the values.
        pixels = RandomPixels.normal(batch * c.numChannels() * c.imageSize() * c.imageSize(), 42);
    }

    @TearDown
    public void tearDown() {
        vit.close();
        selected.close();
        dir.close();
    }

    @Benchmark
    public ForwardOutput forward() {
        return vit.forward(pixels, batch, false);
    }
}
