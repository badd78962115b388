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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/vitface's class-data archive, on a copy of the launcher with a built jar and a fake JDK
 * whose {@code java} only writes down its arguments: an archive older than the jar is removed
 * (the JVM would refuse it and never write a new one), a current one is kept.
 */
class ClassDataArchiveTest {
    private static final Instant BUILT = Instant.parse("2026-01-02T00:00:00Z");

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

    /** A JDK whose java writes its arguments, one a line, to {@code args} beside it. */
    private static Path recordingJdk(Path dir) throws IOException {
        Path home = Files.createDirectories(dir.resolve("jdk-25-test"));
        Files.createDirectories(home.resolve("bin"));
        Path java = Files.writeString(home.resolve("bin/java"),
                "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$(dirname \"$0\")/../args\"\n");
        Path javac = Files.writeString(home.resolve("bin/javac"), "#!/bin/sh\n");
        for (Path p : new Path[] {java, javac}) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"25.0.3\"\n");
        return home;
    }

    private static FileTime at(Instant t) {
        return FileTime.from(t);
    }

    private static String launch(Path root, Path jdk) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("bin/vitface").toString(), "--version");
        pb.environment().put("JAVA_HOME", jdk.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return Files.readString(jdk.resolve("args"));
    }

    @Test
    void anArchiveOlderThanTheJarIsRemovedAndWrittenAgain(@TempDir Path dir) throws Exception {
        Path root = builtProject(dir);
        Path jdk = recordingJdk(dir);
        Path archive = root.resolve("target/vitface-jdk-25-test.jsa");
        Files.writeString(archive, "made for the jar before");
        Files.setLastModifiedTime(archive, at(BUILT.minusSeconds(3600)));
        String args = launch(root, jdk);
        assertFalse(Files.exists(archive), "the stale archive is still there");
        assertTrue(args.contains("-XX:+AutoCreateSharedArchive\n-XX:SharedArchiveFile=" + archive + "\n"), args);
    }

    @Test
    void aCurrentArchiveIsKept(@TempDir Path dir) throws Exception {
        Path root = builtProject(dir);
        Path jdk = recordingJdk(dir);
        Path archive = root.resolve("target/vitface-jdk-25-test.jsa");
        Files.writeString(archive, "made for this jar");
        Files.setLastModifiedTime(archive, at(BUILT.plusSeconds(60)));
        String args = launch(root, jdk);
        assertEquals("made for this jar", Files.readString(archive));
        assertTrue(args.contains("-XX:SharedArchiveFile=" + archive + "\n"), args);
    }
}
