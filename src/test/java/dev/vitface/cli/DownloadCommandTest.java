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
    void transferCutOnEveryAttemptIsResumedByTheNextRun() throws Exception {
        Path folder = dir.resolve("weights");
        int model = originals.get("model.safetensors").length;
        hub.cutTransfers("model.safetensors", model / 8, ModelDownloader.ATTEMPTS);

        assertEquals(ExitCodes.FAILURE, run(toHub(folder)));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("model.safetensors: giving up after 3 attempts"), message);
        assertTrue(message.contains("vitface download: model.safetensors: transfer interrupted after "), message);
        assertTrue(message.contains("; run the same command again to resume"), message);
        Path part = folder.resolve("model.safetensors.part");
        long kept = Files.size(part);
        assertTrue(kept > 0 && kept <= 3 * (model / 8), "kept " + kept + " bytes");
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
    void stallTimeoutIsAnOption() throws Exception {
        Path folder = dir.resolve("weights");
        hub.stallNextTransfer("config.json", 10);
        long started = System.nanoTime();
        assertEquals(ExitCodes.SUCCESS, run(append(toHub(folder), "--stall-timeout", "500ms")));
        assertTrue(System.nanoTime() - started < 10_000_000_000L, "the 500 ms stall timeout was not applied");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("config.json: no data for 0.5 s after 10 of "),
                err.toString(StandardCharsets.UTF_8));
        assertArrayEquals(originals.get("config.json"), Files.readAllBytes(folder.resolve("config.json")));
    }

    @Test
    void stallTimeoutsAreParsedStrictly() {
        assertEquals(java.time.Duration.ofSeconds(60), DownloadCommand.duration("--stall-timeout", "60s"));
        assertEquals(java.time.Duration.ofSeconds(45), DownloadCommand.duration("--stall-timeout", "45"));
        assertEquals(java.time.Duration.ofMinutes(2), DownloadCommand.duration("--stall-timeout", "2m"));
        assertEquals(java.time.Duration.ofMillis(500), DownloadCommand.duration("--stall-timeout", "500ms"));
        for (String bad : List.of("0s", "-5s", "1h", "s", "1.5s", "")) {
            UsageException e = assertThrows(UsageException.class, () -> DownloadCommand.duration("--stall-timeout", bad));
            assertTrue(e.getMessage().startsWith("--stall-timeout must be a positive time"), e.getMessage());
        }
    }

    private static String[] append(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
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
        assertTrue(usage.contains("--stall-timeout TIME"), usage);
        assertTrue(usage.contains("default 60s"), usage);
    }
}
