package dev.vitface.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

// A client waiting for bytes that never come would otherwise hang the build.
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ModelDownloaderTest {
    static final List<String> FILES = List.of("config.json", "preprocessor_config.json", "model.safetensors");

    @TempDir
    Path dir;

    private Map<String, byte[]> originals;
    private FakeHub hub;
    private HttpClient http;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private ModelDownloader downloader;

    static Map<String, byte[]> fixtureFiles() throws IOException {
        Path tiny = Path.of("src/test/resources/fixtures/tiny");
        return Map.of(
                "config.json", Files.readAllBytes(tiny.resolve("config.json")),
                "preprocessor_config.json", Files.readAllBytes(tiny.resolve("preprocessor_config.json")),
                "model.safetensors", Files.readAllBytes(tiny.resolve("model.safetensors")));
    }

    @BeforeEach
    void startHub() throws IOException {
        originals = fixtureFiles();
        hub = new FakeHub(originals);
        http = ModelDownloader.defaultHttpClient();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        downloader = new ModelDownloader(http, Progress.forStream(out, false), out);
    }

    @AfterEach
    void stopHub() {
        http.close();
        hub.close();
    }

    private HubLocation location() {
        return new HubLocation(hub.endpoint(), FakeHub.REPO, FakeHub.REVISION);
    }

    private void assertInstalled(Path folder) throws IOException {
        for (String file : FILES) {
            assertArrayEquals(originals.get(file), Files.readAllBytes(folder.resolve(file)), file);
            assertFalse(Files.exists(folder.resolve(file + ".part")), file + ".part left behind");
        }
    }

    @Test
    void downloadsChecksAndInstallsEveryFile() throws Exception {
        Path folder = dir.resolve("model");
        List<String> summary = downloader.download(location(), FILES, folder);
        assertInstalled(folder);
        assertEquals(3, summary.size());
        assertTrue(summary.get(2).startsWith("model.safetensors (565.5 kB, "), summary.get(2));
        assertTrue(summary.get(2).endsWith(" tensors)"), summary.get(2));
        // config, preprocessor config, model redirect + CDN
        assertEquals(4, hub.requests().size(), hub.requests().toString());
        assertTrue(hub.requests().stream().allMatch(r -> r.range() == null), "a fresh download sends no Range");
        assertTrue(log.toString().contains("model.safetensors: downloading 565.5 kB"), log.toString());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void stalledTransferIsGivenUpWithinTheStallTimeoutAndResumedFromThePart() throws Exception {
        byte[] model = originals.get("model.safetensors");
        int sent = model.length / 3;
        hub.stallNextTransfer("model.safetensors", sent);
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        ModelDownloader impatient = new ModelDownloader(http, Duration.ofSeconds(1), Progress.forStream(out, false), out);
        Path folder = dir.resolve("model");

        long started = System.nanoTime();
        impatient.download(location(), List.of("model.safetensors"), folder);
        double seconds = (System.nanoTime() - started) / 1e9;

        assertTrue(seconds >= 1 && seconds < 10, "gave the stalled attempt up after " + seconds + " s, limit 1 s");
        assertEquals(sha256(model), sha256(Files.readAllBytes(folder.resolve("model.safetensors"))));
        assertEquals(List.of(
                        new FakeHub.Request("/owner/model/resolve/main/model.safetensors", null),
                        new FakeHub.Request("/cdn/model.safetensors", null),
                        new FakeHub.Request("/owner/model/resolve/main/model.safetensors", "bytes=" + sent + "-"),
                        new FakeHub.Request("/cdn/model.safetensors", "bytes=" + sent + "-")),
                hub.requests(), "the retry resumes from the bytes the stalled attempt kept");
        assertTrue(log.toString().contains("model.safetensors: no data for 1 s after " + sent + " of " + model.length
                + " bytes (the transfer stalled); resuming (attempt 2 of 3)"), log.toString());
    }

    @Test
    void droppedConnectionIsResumedInTheSameRun() throws Exception {
        byte[] model = originals.get("model.safetensors");
        Path folder = dir.resolve("model");
        hub.cutNextTransferOnceReceived("model.safetensors", model.length / 2, folder.resolve("model.safetensors.part"));
        downloader.download(location(), List.of("model.safetensors"), folder);
        assertArrayEquals(model, Files.readAllBytes(folder.resolve("model.safetensors")));
        assertEquals("bytes=" + model.length / 2 + "-", hub.requests().getLast().range());
        assertTrue(log.toString().contains("model.safetensors: transfer interrupted after " + model.length / 2 + " of "
                + model.length + " bytes"), log.toString());
    }

    @Test
    void refusedConnectionNamesTheCauseNotNull() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HubLocation nowhere = new HubLocation(URI.create("http://127.0.0.1:" + closedPort), FakeHub.REPO, FakeHub.REVISION);
        DownloadException e = assertThrows(DownloadException.class,
                () -> downloader.download(nowhere, List.of("config.json"), dir.resolve("model")));
        assertEquals("config.json: cannot connect to 127.0.0.1 (the connection was refused or dropped); check the "
                + "network, or --endpoint / HF_ENDPOINT", e.getMessage());
    }

    @Test
    void serverIgnoringRangeRestartsFromZero() throws Exception {
        Path folder = dir.resolve("model");
        Files.createDirectories(folder);
        Files.write(folder.resolve("model.safetensors.part"), new byte[] {1, 2, 3, 4, 5}); // not the file's start
        hub.ignoreRanges();
        downloader.download(location(), FILES, folder);
        assertInstalled(folder);
        assertEquals("bytes=5-", hub.requests().get(hub.requests().size() - 1).range());
    }

    @Test
    void completePartAnsweredWith416IsInstalledWithoutRefetching() throws Exception {
        Path folder = dir.resolve("model");
        Files.createDirectories(folder);
        Files.write(folder.resolve("model.safetensors.part"), originals.get("model.safetensors"));
        downloader.download(location(), List.of("model.safetensors"), folder);
        assertArrayEquals(originals.get("model.safetensors"), Files.readAllBytes(folder.resolve("model.safetensors")));
        assertEquals("bytes=" + originals.get("model.safetensors").length + "-", hub.requests().getLast().range());
    }

    @Test
    void partLongerThanTheFileStartsOver() throws Exception {
        Path folder = dir.resolve("model");
        Files.createDirectories(folder);
        byte[] config = originals.get("config.json");
        Files.write(folder.resolve("config.json.part"), new byte[config.length + 10]);
        downloader.download(location(), List.of("config.json"), folder);
        assertArrayEquals(config, Files.readAllBytes(folder.resolve("config.json")));
        assertEquals(List.of("bytes=" + (config.length + 10) + "-", "null"),
                hub.requests().stream().map(r -> String.valueOf(r.range())).toList());
    }

    @Test
    void corruptModelIsDeletedNotInstalled() throws Exception {
        byte[] corrupt = originals.get("model.safetensors").clone();
        corrupt[corrupt.length / 2] ^= 1; // data bytes are not checked by the format...
        String header = new String(corrupt, 8, 200, StandardCharsets.US_ASCII);
        int dtypeAt = 8 + header.indexOf("\"F32\"") + 1;
        corrupt[dtypeAt] = 'X'; // ...but an unknown dtype in the header is
        hub.replace("model.safetensors", corrupt);
        Path folder = dir.resolve("model");
        DownloadException e = assertThrows(DownloadException.class, () -> downloader.download(location(), FILES, folder));
        assertTrue(e.getMessage().startsWith("model.safetensors: the downloaded file is not a valid safetensors file ("
                + "model.safetensors.part: tensor 'age_head.bias': unknown dtype 'X32')"), e.getMessage());
        assertTrue(e.getMessage().contains("it was deleted, not installed"), e.getMessage());
        assertFalse(Files.exists(folder.resolve("model.safetensors")));
        assertFalse(Files.exists(folder.resolve("model.safetensors.part")));
        assertTrue(Files.exists(folder.resolve("config.json")), "files before it were complete and stay");
    }

    @Test
    void invalidJsonIsNotInstalled() throws Exception {
        hub.replace("config.json", "{\"hidden_size\": 64,}".getBytes(StandardCharsets.UTF_8));
        Path folder = dir.resolve("model");
        DownloadException e = assertThrows(DownloadException.class, () -> downloader.download(location(), FILES, folder));
        assertTrue(e.getMessage().startsWith("config.json: the downloaded file is not valid JSON"), e.getMessage());
        assertFalse(Files.exists(folder.resolve("config.json")));
        assertFalse(Files.exists(folder.resolve("config.json.part")));
    }

    @Test
    void validFilesAlreadyPresentAreKept() throws Exception {
        Path folder = dir.resolve("model");
        downloader.download(location(), FILES, folder);
        int before = hub.requests().size();
        downloader.download(location(), FILES, folder);
        assertEquals(before, hub.requests().size(), "nothing fetched again");
        assertTrue(log.toString().contains("model.safetensors: already present and valid, kept"), log.toString());
    }

    @Test
    void missingFileLeavesNoEmptyPart() {
        Path folder = dir.resolve("model");
        DownloadException e = assertThrows(DownloadException.class,
                () -> downloader.download(location(), List.of("missing.json"), folder));
        assertTrue(e.getMessage().startsWith("missing.json: HTTP 404 from " + hub.endpoint() + "/owner/model/resolve/main/missing.json"
                + " (no such file: check --repo and --revision)"), e.getMessage());
        assertFalse(Files.exists(folder.resolve("missing.json.part")));
    }

    @Test
    void hubUrlsAreEncodedAsHuggingfaceHubBuildsThem() {
        HubLocation hf = new HubLocation(URI.create("https://huggingface.co"), "syntheticbot/clip-face-attribute-classifier", "refs/pr/1");
        assertEquals(URI.create("https://huggingface.co/syntheticbot/clip-face-attribute-classifier/resolve/refs%2Fpr%2F1/model.safetensors"),
                hf.fileUri("model.safetensors"));
        HubLocation mirror = new HubLocation(HubLocation.parseEndpoint("http://127.0.0.1:9/mirror/"), "gpt2", "main");
        assertEquals(URI.create("http://127.0.0.1:9/mirror/gpt2/resolve/main/sub/a%20b.json"), mirror.fileUri("sub/a b.json"));
        assertThrows(IllegalArgumentException.class, () -> new HubLocation(URI.create("ftp://x"), "a/b", "main"));
        assertThrows(IllegalArgumentException.class, () -> new HubLocation(URI.create("https://x"), "a/../b", "main"));
        assertThrows(IllegalArgumentException.class, () -> new HubLocation(URI.create("https://x"), "a/b/c", "main"));
        assertThrows(IllegalArgumentException.class, () -> new HubLocation(URI.create("https://x"), "a/b", " "));
    }

    @Test
    void terminalProgressRedrawsOneLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress bar = Progress.forStream(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        bar.begin("model.safetensors", 0, 2_000_000);
        bar.end();
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(drawn.startsWith("\rmodel.safetensors [..............................]   0%  0 B / 2.0 MB"), drawn);
        assertTrue(drawn.contains("\rmodel.safetensors [##############################] 100%  2.0 MB / 2.0 MB"), drawn);
        assertTrue(drawn.endsWith(System.lineSeparator()), drawn);
    }
}
