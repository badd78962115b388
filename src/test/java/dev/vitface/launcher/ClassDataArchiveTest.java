package dev.vitface.launcher;

import static dev.vitface.launcher.LauncherSandbox.BUILT;
import static dev.vitface.launcher.LauncherSandbox.at;
import static dev.vitface.launcher.LauncherSandbox.builtProject;
import static dev.vitface.launcher.LauncherSandbox.fakeJdk;
import static dev.vitface.launcher.LauncherSandbox.launch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * bin/vitface's class-data archives, in a {@link LauncherSandbox}: one archive per command, kept
 * only after a run that succeeded, used while it is newer than the jar, written again after a
 * rebuild.
 */
class ClassDataArchiveTest {
    private static List<Path> cdsFolder(Path root) throws IOException {
        Path cds = root.resolve("target/cds");
        if (!Files.isDirectory(cds)) return List.of();
        try (Stream<Path> files = Files.list(cds)) {
            return files.sorted().toList();
        }
    }

    @Test
    void theFirstSuccessfulRunOfACommandWritesItsArchiveAndLaterRunsUseIt(@TempDir Path dir) throws Exception {
        Path root = builtProject(dir);
        Path jdk = fakeJdk(dir);
        Path archive = root.resolve("target/cds/classify-jdk25.0.3.jsa");
        List<String> first = launch(root, jdk, 0, "classify", "photo.jpg");
        assertTrue(first.stream().anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit=" + archive + ".")), first.toString());
        assertEquals(List.of(archive), cdsFolder(root), "the archive, and no temporary file");
        List<String> second = launch(root, jdk, 0, "classify", "photo.jpg");
        assertTrue(second.contains("-XX:SharedArchiveFile=" + archive), second.toString());
        assertFalse(second.stream().anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit")), second.toString());
        assertEquals(List.of("photo.jpg"), second.subList(second.size() - 1, second.size()));
    }

    @Test
    void aFailedRunLeavesNoArchive(@TempDir Path dir) throws Exception {
        Path root = builtProject(dir);
        Path jdk = fakeJdk(dir);
        launch(root, jdk, 2, "classify");
        assertEquals(List.of(), cdsFolder(root));
    }

    /** A TERM to the launcher while java runs (java killed by it too, exiting 143 after writing the archive). */
    @Test
    void aSignalLeavesNoTemporaryArchive(@TempDir Path dir) throws Exception {
        Path root = builtProject(dir);
        Path jdk = fakeJdk(dir);
        launch(root, jdk, 143, Map.of("FAKE_TERM_LAUNCHER", "1"), "classify", "photo.jpg");
        assertEquals(List.of(), cdsFolder(root));
    }

    /**
     * An option in place of a command; a command's help, which succeeds having loaded a dozen
     * classes; serve, which keeps the launcher's PID for the JVM (exec).
     */
    @ParameterizedTest
    @ValueSource(strings = {"--help", "classify --help", "evaluate -h", "serve"})
    void takesNoArchive(String command, @TempDir Path dir) throws Exception {
        Path root = builtProject(dir);
        Path jdk = fakeJdk(dir);
        List<String> args = launch(root, jdk, 0, command.split(" "));
        assertFalse(args.stream().anyMatch(a -> a.contains("Archive")), args.toString());
        assertEquals(List.of(), cdsFolder(root));
    }

    @Test
    void anArchiveOlderThanTheJarIsWrittenAgain(@TempDir Path dir) throws Exception {
        Path root = builtProject(dir);
        Path jdk = fakeJdk(dir);
        Path archive = Files.createDirectories(root.resolve("target/cds")).resolve("evaluate-jdk25.0.3.jsa");
        Files.writeString(archive, "made for the jar before");
        Files.setLastModifiedTime(archive, at(BUILT.minusSeconds(3600)));
        List<String> args = launch(root, jdk, 0, "evaluate");
        assertTrue(args.stream().anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit=" + archive + ".")), args.toString());
        assertFalse(args.stream().anyMatch(a -> a.startsWith("-XX:SharedArchiveFile")), args.toString());
        assertEquals("archived classes", Files.readString(archive).strip());
    }
}
