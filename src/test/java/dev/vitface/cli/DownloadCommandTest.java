package dev.vitface.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.download.FakeHub;
import dev.vitface.download.ModelDownloader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code vitface download} end to end against a loopback Hub serving the tiny fixture. */
// A client waiting for bytes that never come would otherwise hang the build.
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DownloadCommandTest {
    @TempDir
    Path dir;

    private Map<String, byte[]> originals;
    private FakeHub hub;
    private HttpClient http;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void startHub() throws IOException {
        Path tiny = Path.of("src/test/resources/fixtures/tiny");
        originals = Map.of(
                "config.json", Files.readAllBytes(tiny.resolve("config.json")),
                "preprocessor_config.json", Files.readAllBytes(tiny.resolve("preprocessor_config.json")),
                "model.safetensors", Files.readAllBytes(tiny.resolve("model.safetensors")));
        hub = new FakeHub(originals);
        http = ModelDownloader.defaultHttpClient();
    }

    @AfterEach
    void stopHub() {
        http.close();
        hub.close();
    }

    private int run(Map<String, String> env, String... argv) throws Exception {
        out.reset();
        err.reset();
        DownloadCommand command = new DownloadCommand(DownloadCommand.MODEL_FILES, env, false, http);
        return command.run(List.of(argv), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private int run(String... argv) throws Exception {
        return run(Map.of(), argv);
    }

    private String[] toHub(Path folder) {
        return new String[] {"--endpoint", hub.endpoint().toString(), "--repo", FakeHub.REPO, "--to", folder.toString()};
    }

    @Test
    void downloadsTheModel() throws Exception {
        Path folder = dir.resolve("weights");
        assertEquals(ExitCodes.SUCCESS, run(toHub(folder)));
        for (String file : DownloadCommand.MODEL_FILES) {
            assertArrayEquals(originals.get(file), Files.readAllBytes(folder.resolve(file)), file);
        }
        String stdout = out.toString(StandardCharsets.UTF_8);
        assertTrue(stdout.startsWith("Downloaded owner/model (main) to " + folder + ":"), stdout);
        assertTrue(stdout.contains("  model.safetensors (565.5 kB, "), stdout);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("model.safetensors: received 565.5 kB"), err.toString());
    }

    @Test
    void cutTransferIsResumedByTheNextRun() throws Exception {
        Path folder = dir.resolve("weights");
        int model = originals.get("model.safetensors").length;
        hub.cutNextTransfer("model.safetensors", model / 2);

        assertEquals(ExitCodes.FAILURE, run(toHub(folder)));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("vitface download: model.safetensors: transfer interrupted after "), message);
        assertTrue(message.contains("; run the same command again to resume"), message);
        Path part = folder.resolve("model.safetensors.part");
        long kept = Files.size(part);
        assertTrue(kept > 0 && kept <= model / 2, "kept " + kept + " bytes");
        assertFalse(Files.exists(folder.resolve("model.safetensors")), "a partial file is never installed");

        int firstRunRequests = hub.requests().size();
        assertEquals(ExitCodes.SUCCESS, run(toHub(folder)));
        List<FakeHub.Request> secondRun = hub.requests().subList(firstRunRequests, hub.requests().size());
        assertEquals(List.of(new FakeHub.Request("/owner/model/resolve/main/model.safetensors", "bytes=" + kept + "-"),
                new FakeHub.Request("/cdn/model.safetensors", "bytes=" + kept + "-")), secondRun,
                "only the model is fetched again, from where it stopped, through the redirect");
        assertArrayEquals(originals.get("model.safetensors"), Files.readAllBytes(folder.resolve("model.safetensors")));
        assertFalse(Files.exists(part));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("model.safetensors: resuming at "), err.toString());
    }

    @Test
    void missingFileIsAClearFailure() throws Exception {
        Path folder = dir.resolve("weights");
        assertEquals(ExitCodes.FAILURE, run("--endpoint", hub.endpoint().toString(), "--repo", "owner/other", "--to", folder.toString()));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("vitface download: config.json: HTTP 404 from " + hub.endpoint()
                + "/owner/other/resolve/main/config.json (no such file: check --repo and --revision)"), message);
        assertFalse(Files.exists(folder.resolve("config.json")));
        assertEquals(1, hub.requests().size(), "stops at the first failure");
    }

    @Test
    void endpointComesFromHfEndpointWhenNotGiven() throws Exception {
        Path folder = dir.resolve("weights");
        assertEquals(ExitCodes.SUCCESS, run(Map.of("HF_ENDPOINT", hub.endpoint() + "/"), "--repo", FakeHub.REPO,
                "--to", folder.toString()));
        assertTrue(Files.exists(folder.resolve("model.safetensors")));
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThrows(UsageException.class, () -> run("--repo", "not a repo"));
        assertThrows(UsageException.class, () -> run("--endpoint", "ftp://example.org"));
        assertThrows(UsageException.class, () -> run("extra"));
        assertThrows(UsageException.class, () -> run("--mirror", "x"));
        assertTrue(hub.requests().isEmpty());
    }

    @Test
    void usageNamesTheDefaults() {
        String usage = new DownloadCommand(DownloadCommand.MODEL_FILES, Map.of(), false, http).usage();
        assertTrue(usage.contains("syntheticbot/clip-face-attribute-classifier"), usage);
        assertTrue(usage.contains("weights/clip-face-attribute-classifier"), usage);
        assertTrue(usage.contains("$HF_ENDPOINT"), usage);
    }
}
