package dev.vitface.bench;

import dev.vitface.backend.Precision;
import dev.vitface.backend.cpu.CoreTypeOverride;
import dev.vitface.backend.cpu.OpenBlas;
import dev.vitface.backend.dnnl.Bf16Support;
import dev.vitface.engine.BackendKind;
import dev.vitface.engine.Engine;
import dev.vitface.engine.EngineOptions;
import dev.vitface.model.LinearWeights;
import dev.vitface.model.ModelDirectory;
import dev.vitface.model.VisionConfig;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code vitface bench} measures: for each precision and batch size, an {@link Engine} on
 * the requested backend timed by {@link ForwardTimer}, then the ceiling of the hardware each
 * engine actually ran on, in the same run: {@link SgemmCeiling} for the CPU and the Java
 * reference, {@link CublasCeiling} (per precision) for CUDA. Rows that ran on the CPU are also
 * divided by the CPU's arithmetic peak for their precision, measured in the same run on the same
 * threads, before the forwards and after them ({@link FmaPeak#higherOf}, {@link Bf16Peak}); for OpenBLAS rows the report repeats what opening
 * the backend warned about OpenBLAS's kernels ({@link CoreTypeOverride}).
 */
public final class ForwardBench {
    /** Ceiling GEMMs: fc1's shape at this many images (CPU), and at the GPU's larger batch. */
    static final int CPU_CEILING_BATCH = 8;
    static final int GPU_CEILING_BATCH = 256;
    static final int CEILING_RUNS = 3;

    /**
     * @param backend where to run; {@code auto} resolves per engine, and each result says where it ran
     */
    public record Settings(BackendKind backend, List<Precision> precisions, int[] batches, int threads, WarmUp warmUp,
                           int iterations, boolean strictPrecision) {
        public Settings {
            precisions = List.copyOf(precisions);
            batches = batches.clone();
            if (precisions.isEmpty() || batches.length == 0) throw new IllegalArgumentException("nothing to measure");
        }
    }

    /**
     * The whole run: what was measured, on which engines, against which ceilings and peaks.
     *
     * @param fmaPeak  the CPU's fp32 FMA peak; unavailable when no row ran on the CPU
     * @param bf16Peak the CPU's bf16 peak ({@link Bf16Peak}); unavailable where there is none
     * @param warnings what the run should be read with (an {@code OPENBLAS_CORETYPE} that slows it down)
     */
    public record Report(String architecture, double flopsPerImage, List<String> engines, List<Ceiling> ceilings,
                         Peak fmaPeak, Peak bf16Peak, List<String> warnings, List<BenchResult> results) {
        public Report {
            engines = List.copyOf(engines);
            ceilings = List.copyOf(ceilings);
            warnings = List.copyOf(warnings);
            results = List.copyOf(results);
        }
    }

    private ForwardBench() {}

    public static Report run(ModelDirectory model, Settings s) {
        VisionConfig c = model.config();
        int headOutputs = model.weights().heads().values().stream().mapToInt(LinearWeights::out).sum();
        double flops = c.flopsPerImage(headOutputs);
        int pixelsPerImage = c.numChannels() * c.imageSize() * c.imageSize();
        record Timing(BackendKind ran, Precision precision, String description, int batch, double median, double min) {}
        // The FMA peak is read before the forwards and again after them, and the higher reading
        // counts (FmaPeak.higherOf): one reading caught a busy moment of the shared host. A run
        // asked for CUDA has no CPU rows; AUTO may still run on the CPU, so it reads it too.
        Peak fmaBefore = s.backend() == BackendKind.CUDA ? Peak.unavailable("not read before a CUDA run")
                : FmaPeak.measure(s.threads());
        List<Timing> timings = new ArrayList<>();
        Set<String> engines = new LinkedHashSet<>();
        for (Precision precision : s.precisions()) {
            for (int batch : s.batches()) {
                EngineOptions options = new EngineOptions(s.backend(), precision, s.threads(), s.strictPrecision());
                try (Engine engine = Engine.open(c, model.weights(), options, batch)) {
                    engines.add(engine.description());
                    double[] seconds = ForwardTimer.time(engine, batch, pixelsPerImage, s.warmUp(), s.iterations());
                    timings.add(new Timing(engine.backend(), engine.precision(), engine.description(), batch,
                            Stats.median(seconds) / batch, Stats.min(seconds) / batch));
                }
            }
        }
        // The ceilings come last: once OpenBLAS's own threads have started they slowed the
        // single-threaded-per-worker forward that followed (docs/PERFORMANCE-HISTORY.md, engine internals).
        Ceiling cpu = null;
        Map<Precision, Ceiling> gpu = new EnumMap<>(Precision.class);
        List<Ceiling> ceilings = new ArrayList<>();
        List<BenchResult> results = new ArrayList<>();
        boolean cpuRows = timings.stream().anyMatch(t -> t.ran() != BackendKind.CUDA);
        Peak fmaPeak = cpuRows ? FmaPeak.higherOf(fmaBefore, FmaPeak.measure(s.threads())) : Peak.unavailable("no row ran on the CPU");
        Peak bf16Peak = cpuRows ? Bf16Peak.of(fmaPeak, Bf16Support.probe()) : Peak.unavailable("no row ran on the CPU");
        List<String> warnings = new ArrayList<>();
        if (timings.stream().anyMatch(t -> t.ran() == BackendKind.CPU)) { // the only rows on OpenBLAS
            CoreTypeOverride.process().check(OpenBlas.load().coreName()).ifPresent(warnings::add);
        }
        for (Timing t : timings) {
            Ceiling ceiling;
            if (t.ran() == BackendKind.CUDA) {
                ceiling = gpu.computeIfAbsent(t.precision(), p -> CublasCeiling.measure(p,
                        GPU_CEILING_BATCH * c.tokens(), c.intermediateSize(), c.hiddenSize(), CEILING_RUNS));
            } else {
                if (cpu == null) {
                    cpu = SgemmCeiling.measure(s.threads(), CPU_CEILING_BATCH * c.tokens(), c.intermediateSize(),
                            c.hiddenSize(), CEILING_RUNS);
                }
                ceiling = cpu;
            }
            if (!ceilings.contains(ceiling)) ceilings.add(ceiling);
            double gflops = flops / t.median() * 1e-9;
            Peak peak = t.ran() == BackendKind.CUDA ? Peak.unavailable("a GPU row: its ceiling is the cuBLAS GEMM")
                    : t.precision() == Precision.BF16 ? bf16Peak : fmaPeak;
            results.add(new BenchResult(t.ran().cliName(), t.precision().cliName(), t.description(), s.threads(), t.batch(),
                    s.iterations(), t.median(), t.min(), 1 / t.median(), gflops, ceiling, gflops / ceiling.gflops(),
                    peak, gflops / peak.gflops()));
        }
        return new Report(c.architectureName(), flops, List.copyOf(engines), ceilings, fmaPeak, bf16Peak, warnings,
                results);
    }
}
