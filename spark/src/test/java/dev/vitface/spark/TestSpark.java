package dev.vitface.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * One local[2] SparkSession for every test class of the module (starting one takes seconds), and
 * the test resources: the tiny model and a folder of bundled and broken images.
 */
final class TestSpark {
    /** sha256sum src/test/resources/model/model.safetensors */
    static final String TINY_SHA256 = "517888bb5271523e7bc4b7c7083d87654fd0f57e13da60ab7c01dd20676320ed";
    static final List<String> GOOD_IMAGES = List.of("astronaut.png", "chelsea.png", "lossy.webp", "synthetic_70x50.png",
            "ycc420.jpg");
    /** Unreadable images: each must get an error row. */
    static final List<String> BROKEN_IMAGES = List.of("notes.jpg", "truncated.png");
    /** Spark's file scans skip zero-byte files: this one never reaches the job (docs/SPARK.md). */
    static final String EMPTY_FILE = "empty.png";

    private static SparkSession session;

    private TestSpark() {}

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("vitface-spark tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
        }
        return session;
    }

    static Path resource(String name) {
        try {
            return Path.of(TestSpark.class.getResource("/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }

    static Path model() {
        return resource("model");
    }

    /** The bundled images, the broken files, and a text file the default glob leaves out, in nested folders. */
    static Path imageTree(Path dir) {
        try {
            Path nested = Files.createDirectories(dir.resolve("a/b"));
            for (int i = 0; i < GOOD_IMAGES.size(); i++) {
                Path target = (i % 2 == 0 ? dir : nested).resolve(GOOD_IMAGES.get(i));
                Files.copy(resource("images/" + GOOD_IMAGES.get(i)), target);
            }
            Files.write(nested.resolve(EMPTY_FILE), new byte[0]);
            Files.writeString(dir.resolve("notes.jpg"), "these are not pixels\n");
            byte[] png = Files.readAllBytes(resource("images/astronaut.png"));
            Files.write(dir.resolve("a/truncated.png"), Arrays.copyOf(png, png.length / 2));
            Files.writeString(dir.resolve("README.txt"), "not an image name: --glob leaves it out\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ModelSpec spec(String backend, int batch) {
        return new ModelSpec(new ModelLocation(model().toString()), TINY_SHA256, backend, "fp32", false, batch);
    }
}
