package dev.vitface.cli;

import dev.vitface.model.synth.SeededModelWriter;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code vitface synth}: a full model directory with seeded weights, from a config alone. */
final class SynthCommand implements Command {
    @Override
    public String name() {
        return "synth";
    }

    @Override
    public String summary() {
        return "write a model directory with seeded (untrained) weights for any CLIP ViT config";
    }

    @Override
    public String usage() {
        return """
                Usage: vitface synth --config CONFIG.json --out DIR

                Writes DIR/config.json, DIR/preprocessor_config.json and DIR/model.safetensors whose
                weights follow the fixtures' seeded recipe (a pure function of tensor name and index).
                A full-size ViT-L/14 (1.2 GB) without a download, e.g. for verify and bench:
                  vitface synth --config src/test/resources/fixtures/vit-l14-seeded/config.json --out weights/vit-l14-seeded
                The weights are NOT trained: predictions made with them mean nothing.""";
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args args = Args.parse(argv, Set.of("config", "out"), Set.of());
        if (!args.positional().isEmpty()) throw new UsageException("unexpected argument " + args.positional().getFirst());
        Path config = Path.of(args.required("config"));
        Path outDir = Path.of(args.required("out"));
        if (!Files.isRegularFile(config)) {
            err.println("vitface synth: " + config + ": no such file");
            return ExitCodes.FAILURE;
        }
        long start = System.nanoTime();
        long parameters = SeededModelWriter.write(config, outDir);
        out.printf("wrote %s: %,d parameters (%.2f GB F32) in %.1f s%n", outDir, parameters, parameters * 4e-9,
                (System.nanoTime() - start) * 1e-9);
        return ExitCodes.SUCCESS;
    }
}
