package dev.vitface.launcher;

import static dev.vitface.launcher.LauncherSandbox.builtProject;
import static dev.vitface.launcher.LauncherSandbox.fakeJdk;
import static dev.vitface.launcher.LauncherSandbox.launch;
import static dev.vitface.launcher.LauncherSandbox.openBlasThreadsJavaSaw;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/vitface starts java with {@code OPENBLAS_NUM_THREADS=1} where the user left it unset, so
 * that OpenBLAS starts no thread pool of its own as it loads (vitface runs it single-threaded),
 * and leaves a value the user set alone.
 */
class OpenBlasPoolTest {

    @Test
    void unsetBecomesOne(@TempDir Path dir) throws Exception {
        Path root = builtProject(dir);
        Path jdk = fakeJdk(dir);
        launch(root, jdk, 0, Map.of(), "classify", "photo.jpg");
        assertEquals("1", openBlasThreadsJavaSaw(jdk));
    }

    @Test
    void theUsersValueStays(@TempDir Path dir) throws Exception {
        Path root = builtProject(dir);
        Path jdk = fakeJdk(dir);
        launch(root, jdk, 0, Map.of("OPENBLAS_NUM_THREADS", "4"), "serve");
        assertEquals("4", openBlasThreadsJavaSaw(jdk));
    }
}
