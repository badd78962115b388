package dev.vitface.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/lib/find-jdk.sh, the JDK search shared by bin/vitface and bin/test, on fake JDK folders. */
class FindJdkTest {
    private static final Path SCRIPT = Path.of("bin/lib/find-jdk.sh").toAbsolutePath();

    private static Path fakeJdk(Path root, String name, String version) throws IOException {
        Path home = Files.createDirectories(root.resolve(name));
        Files.createDirectories(home.resolve("bin"));
        for (String tool : new String[] {"java", "javac"}) {
            Path p = Files.writeString(home.resolve("bin").resolve(tool), "#!/bin/sh\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }

    /** Runs the search; returns exit code and what it printed (JAVA_HOME on success). */
    private static String[] find(Path jvmDir, String javaHome) throws Exception {
        return find(jvmDir, javaHome, "");
    }

    /** The search for at least {@code minimum} ("" for the default, 25). */
    private static String[] find(Path jvmDir, String javaHome, String minimum) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c",
                ". \"$0\"; vitface_find_jdk $1; echo \"JAVA_HOME=$JAVA_HOME\"", SCRIPT.toString(), minimum);
        pb.environment().put("VITFACE_JVM_DIR", jvmDir.toString());
        if (javaHome == null) pb.environment().remove("JAVA_HOME"); else pb.environment().put("JAVA_HOME", javaHome);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        return new String[] {String.valueOf(p.exitValue()), out};
    }

    @Test
    void prefersAQualifyingJavaHome(@TempDir Path dir) throws Exception {
        Path home = fakeJdk(dir.resolve("elsewhere"), "jdk-26", "26.0.1");
        fakeJdk(dir.resolve("jvm"), "jdk-25", "25.0.3");
        String[] r = find(dir.resolve("jvm"), home.toString());
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].contains("JAVA_HOME=" + home), r[1]);
    }

    @Test
    void skipsAnOldJavaHomeAndPicksTheNewestQualifyingJvm(@TempDir Path dir) throws Exception {
        Path old = fakeJdk(dir.resolve("jvm"), "java-17-openjdk-amd64", "17.0.15");
        fakeJdk(dir.resolve("jvm"), "temurin-25-jdk-amd64", "25.0.3");
        Path newest = fakeJdk(dir.resolve("jvm"), "temurin-26-jdk-amd64", "26");
        String[] r = find(dir.resolve("jvm"), old.toString());
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].contains("is not a JDK >= 25"), r[1]);
        assertTrue(r[1].contains("JAVA_HOME=" + newest), r[1]);
    }

    @Test
    void aJreWithoutJavacDoesNotQualify(@TempDir Path dir) throws Exception {
        Path jre = fakeJdk(dir.resolve("jvm"), "jre-25", "25");
        Files.delete(jre.resolve("bin/javac"));
        String[] r = find(dir.resolve("jvm"), null);
        assertEquals("1", r[0], r[1]);
    }

    @Test
    void noJdkSaysWhatToInstall(@TempDir Path dir) throws Exception {
        fakeJdk(dir.resolve("jvm"), "java-17-openjdk-amd64", "17.0.15");
        String[] r = find(dir.resolve("jvm"), null);
        assertEquals("1", r[0], r[1]);
        assertTrue(r[1].contains("no JDK 25 or newer found") && r[1].contains("openjdk-25-jdk"), r[1]);
    }

    @Test
    void aMinimumPatchReleaseSkipsOlderPatchesOfTheSameMajor(@TempDir Path dir) throws Exception {
        Path old = fakeJdk(dir.resolve("jvm"), "temurin-25-jdk-amd64", "25.0.2");
        Path newer = fakeJdk(dir.resolve("jvm"), "jdk-25.0.10", "25.0.10");
        String[] r = find(dir.resolve("jvm"), old.toString(), "25.0.3");
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].contains("is not a JDK >= 25.0.3 (it is 25.0.2)"), r[1]);
        assertTrue(r[1].contains("JAVA_HOME=" + newer), r[1]);
    }

    @Test
    void aNewerMajorMeetsAMinimumPatchAndAnOldPatchAloneDoesNot(@TempDir Path dir) throws Exception {
        Path next = fakeJdk(dir.resolve("a"), "jdk-26", "26");
        assertEquals("0", find(dir.resolve("none"), next.toString(), "25.0.3")[0]);
        Path ea = fakeJdk(dir.resolve("b"), "jdk-25-ea", "25.0.3-ea");
        assertEquals("0", find(dir.resolve("none"), ea.toString(), "25.0.3")[0]);
        fakeJdk(dir.resolve("jvm"), "temurin-25-jdk-amd64", "25.0.2");
        String[] r = find(dir.resolve("jvm"), null, "25.0.3");
        assertEquals("1", r[0], r[1]);
        assertTrue(r[1].contains("no JDK 25.0.3 or newer found"), r[1]);
    }
}
