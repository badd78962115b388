package dev.vitface.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/**
 * A copy of bin/vitface with a built jar (sources older than it) and a fake JDK whose {@code java}
 * writes down its arguments and its {@code OPENBLAS_NUM_THREADS}, writes the archive it is asked
 * to write at exit, and exits with {@code FAKE_STATUS}: the launcher's own decisions, without a
 * JVM.
 */
final class LauncherSandbox {
    private LauncherSandbox() {}

    static final Instant BUILT = Instant.parse("2026-01-02T00:00:00Z");
    private static final String FAKE_JAVA = """
            #!/bin/sh
            printf '%s\\n' "$@" > "$(dirname "$0")/../args"
            printf '%s\\n' "${OPENBLAS_NUM_THREADS-unset}" > "$(dirname "$0")/../openblas-threads"
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
    static Path builtProject(Path dir) throws IOException {
        Path root = Files.createDirectories(dir.resolve("project"));
        Files.createDirectories(root.resolve("bin/lib"));
        for (String script : new String[] {"bin/vitface", "bin/lib/find-jdk.sh", "bin/lib/java-flags.sh"}) {
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

    static Path fakeJdk(Path dir) throws IOException {
        Path home = Files.createDirectories(dir.resolve("jdk"));
        Files.createDirectories(home.resolve("bin"));
        Path java = Files.writeString(home.resolve("bin/java"), FAKE_JAVA);
        Path javac = Files.writeString(home.resolve("bin/javac"), "#!/bin/sh\n");
        for (Path p : new Path[] {java, javac}) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"25.0.3\"\n");
        return home;
    }

    static FileTime at(Instant t) {
        return FileTime.from(t);
    }

    /** What {@code OPENBLAS_NUM_THREADS} was in the last fake java's environment ("unset" if it was). */
    static String openBlasThreadsJavaSaw(Path jdk) throws IOException {
        return Files.readString(jdk.resolve("openblas-threads")).strip();
    }

    /** Runs the launcher; returns the arguments java got. */
    static List<String> launch(Path root, Path jdk, int status, String... args) throws Exception {
        return launch(root, jdk, status, Map.of(), args);
    }

    static List<String> launch(Path root, Path jdk, int status, Map<String, String> env, String... args)
            throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", root.resolve("bin/vitface").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("JAVA_HOME", jdk.toString());
        pb.environment().put("FAKE_STATUS", String.valueOf(status));
        pb.environment().remove("OPENBLAS_NUM_THREADS"); // the test machine's own value would hide the launcher's; tests set theirs through env
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(status, p.exitValue(), out);
        return Files.readAllLines(jdk.resolve("args"));
    }
}
