package dev.vitface.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * bin/vitface's class-data archives, on a copy of the launcher with a built jar and a fake JDK
 * whose {@code java} writes down its arguments, writes the archive it is asked to write at exit,
 * and exits with {@code FAKE_STATUS}: one archive per command, kept only after a run that
 * succeeded, used while it is newer than the jar, written again after a rebuild.
 */
class ClassDataArchiveTest {
    private static final Instant BUILT = Instant.parse("2026-01-02T00:00:00Z");
    private static final String FAKE_JAVA = """
            #!/bin/sh
            printf '%s\\n' "$@" > "$(dirname "$0")/../args"
            for a in "$@"; do
              case "$a" in -XX:ArchiveClassesAtExit=*) echo "archived classes" > "${a#*=}" ;; esac
            done
            if [ -n "${FAKE_TERM_LAUNCHER:-}" ]; then
              [ "$(cat /proc/$PPID/comm)" = bash ] || exit 99 # exec'd: the parent is the test's JVM
              kill -TERM "$PPID"
            fi
            exit "${FAKE_STATUS:-0}"
            """;

    /** A project as a user's checkout has it after a build: sources older than the jar. */
    private static Path builtProject(Path dir) throws IOException {
        Path root = Files.createDirectories(dir.resolve("project"));
        Files.createDirectories(root.resolve("bin/lib"));
        for (String script : new String[] {"bin/vitface", "bin/lib/find-jdk.sh"}) {
            Path copy = Files.copy(Path.of(script), root.resolve(script));
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path source = Files.createDirectories(root.resolve("src/main")).resolve("Source.java");
        Files.writeString(source, "");
        Files.writeString(root.resolve("pom.xml"), "");
        Files.createDirectories(root.resolve("target/lib"));
        Path jar = Files.writeString(root.resolve("target/vitface-0.1.0-SNAPSHOT.jar"), "jar");
        for (Path p : new Path[] {source, root.resolve("pom.xml")}) Files.setLastModifiedTime(p, at(BUILT.minusSeconds(60)));
        Files.setLastModifiedTime(jar, at(BUILT));
        return root;
    }

    private static Path fakeJdk(Path dir) throws IOException {
        Path home = Files.createDirectories(dir.resolve("jdk"));
        Files.createDirectories(home.resolve("bin"));
        Path java = Files.writeString(home.resolve("bin/java"), FAKE_JAVA);
        Path javac = Files.writeString(home.resolve("bin/javac"), "#!/bin/sh\n");
        for (Path p : new Path[] {java, javac}) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"25.0.3\"\n");
        return home;
    }

    private static FileTime at(Instant t) {
        return FileTime.from(t);
    }

    /** Runs the launcher; returns the arguments java got. */
    private static List<String> launch(Path root, Path jdk, int status, String... args) throws Exception {
        return launch(root, jdk, status, Map.of(), args);
    }

    private static List<String> launch(Path root, Path jdk, int status, Map<String, String> env, String... args)
            throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", root.resolve("bin/vitface").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("JAVA_HOME", jdk.toString());
        pb.environment().put("FAKE_STATUS", String.valueOf(status));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(status, p.exitValue(), out);
        return Files.readAllLines(jdk.resolve("args"));
    }

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
