package dev.vitface.bench;

import dev.vitface.model.ModelDirectory;
import dev.vitface.model.synth.SeededModelWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The seeded full-size model benchmarks run on without a download: written once into {@code dir}
 * by {@link SeededModelWriter} from a bundled config ({@code vit-l14}: 1.2 GB, a few seconds), the
 * same files {@code vitface synth} makes. {@code vitface bench --synthetic} and the JMH benchmarks
 * share it.
 */
public final class SeededModel {
    /** Where {@code vitface bench --synthetic vit-l14} and the JMH benchmarks keep it. */
    public static final Path DEFAULT_DIR = Path.of("weights", "vit-l14-seeded");

    private SeededModel() {}

    /** {@code dir}, after writing the model there if it has no weights yet (saying so on {@code log}). */
    public static Path ensure(Path dir, String configName, PrintStream log) throws IOException {
        if (Files.isRegularFile(dir.resolve(ModelDirectory.WEIGHTS))) return dir;
        log.println("vitface bench: writing seeded " + configName + " weights to " + dir + " (once, 1.2 GB)...");
        Path config = Files.createTempFile("vitface-" + configName, ".json");
        try (InputStream in = SeededModel.class.getResourceAsStream("/dev/vitface/configs/" + configName + ".json")) {
            if (in == null) throw new IllegalArgumentException("no bundled config '" + configName + "'");
            Files.copy(in, config, StandardCopyOption.REPLACE_EXISTING);
            SeededModelWriter.write(config, dir);
        } finally {
            Files.deleteIfExists(config);
        }
        return dir;
    }
}
