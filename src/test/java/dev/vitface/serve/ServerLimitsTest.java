package dev.vitface.serve;

import static dev.vitface.serve.VitfaceServerTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.Fixtures;
import dev.vitface.classify.FaceMode;
import dev.vitface.classify.FacePrediction;
import dev.vitface.classify.FaceRegion;
import dev.vitface.preprocess.ImageDecoder;
import dev.vitface.preprocess.RgbImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Limits, tokens, the seam for faces, failures and shutdown, with a stand-in model so each case is exact and fast. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerLimitsTest {
    private static final ImageDecoder DECODER = ImageDecoder.defaults().withExifTranspose(true);
    private final List<VitfaceServer> servers = new ArrayList<>();
    private final byte[] photo = read("tiny/synthetic_70x50.png");

    private static byte[] read(String fixture) {
        try {
            return Files.readAllBytes(Fixtures.path(fixture));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private VitfaceServer start(ServeOptions options, FaceModel model, Function<FaceMode, FaceFinder> finders) throws IOException {
        VitfaceServer server = VitfaceServer.start(options.withPort(0), DECODER, finders);
        servers.add(server);
        if (model != null) server.serve(model);
        return server;
    }

    @AfterEach
    void stopAll() {
        servers.forEach(s -> s.stop(Duration.ofSeconds(2)));
    }

    @Test
    void bodiesOverMaxBytesAre413WithOrWithoutContentLength() throws Exception {
        VitfaceServer server = start(ServeOptions.defaults().withMaxBytes(4000), new BlockingModel(false), FaceFinders::forMode);
        ServeClient client = new ServeClient(server);
        assertEquals(9333, photo.length);
        assertError(client.analyze(photo), 413, "the body is larger than the server's limit of 4000 bytes");
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(server.url() + "/v1/analyze")).timeout(ServeClient.TIMEOUT)
                .header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(photo))).build();
        assertError(HttpClient.newHttpClient().send(chunked, HttpResponse.BodyHandlers.ofString()), 413, "the body is larger than");
        byte[] small = read("decode/cmyk.jpg.decoded.png");
        assertTrue(small.length < 4000);
        assertEquals(200, client.analyze(small).statusCode(), "a body under the limit");
    }

    @Test
    void aPhotoWithoutFacesAnswersAnEmptyListWithoutRunningTheModel() throws Exception {
        BlockingModel model = new BlockingModel(false);
        VitfaceServer server = start(ServeOptions.defaults(), model, mode -> photo -> List.of());
        HttpResponse<String> r = new ServeClient(server).analyze(photo);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(0, ServeClient.json(r).getAsJsonArray("faces").size());
        assertEquals(70, ServeClient.json(r).getAsJsonObject("image").get("width").getAsInt());
        assertTrue(model.batchSizes.isEmpty());
    }

    @Test
    void aFullQueueAnswers503WithRetryAfter() throws Exception {
        BlockingModel model = new BlockingModel(true);
        VitfaceServer server = start(ServeOptions.defaults().withBatching(1, Duration.ZERO, 1), model, FaceFinders::forMode);
        ServeClient client = new ServeClient(server);
        // The first face goes into the (blocked) model, the second fills the one-face queue.
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> call(client));
        assertTrue(model.entered.await(20, TimeUnit.SECONDS));
        CompletableFuture<HttpResponse<String>> second = CompletableFuture.supplyAsync(() -> call(client));
        awaitMetric(client, "vitface_queue_depth 1");
        HttpResponse<String> third = client.analyze(photo);
        assertError(third, 503, "the queue is full");
        assertEquals("1", third.headers().firstValue("Retry-After").orElseThrow());
        model.release();
        assertEquals(200, first.get(20, TimeUnit.SECONDS).statusCode());
        assertEquals(200, second.get(20, TimeUnit.SECONDS).statusCode());
        assertEquals(1, model.maxRunning.get(), "two forward passes ran at once");
        // The server counts a request after its answer is sent: wait for the count, not just the answer.
        awaitMetric(client, "vitface_requests_total{code=\"503\"} 1");
    }

    @Test
    void withATokenEveryApiCallNeedsIt() throws Exception {
        VitfaceServer server = start(ServeOptions.defaults().withToken("s3cret"), new BlockingModel(false), FaceFinders::forMode);
        ServeClient client = new ServeClient(server);
        assertError(client.analyze(photo), 401, "missing Authorization: Bearer token");
        assertEquals("Bearer", client.analyze(photo).headers().firstValue("WWW-Authenticate").orElseThrow());
        assertError(client.post("/v1/analyze", "image/png", photo, "Authorization", "Bearer wrong"), 401, "wrong bearer token");
        assertError(client.get("/metrics"), 401, "missing Authorization");
        assertEquals(200, client.post("/v1/analyze", "image/png", photo, "Authorization", "Bearer s3cret").statusCode());
        assertEquals(200, client.get("/metrics", "Authorization", "Bearer s3cret").statusCode());
        assertEquals(200, client.get("/health").statusCode(), "probes need no token");
        assertEquals(200, client.get("/ready").statusCode());
    }

    @Test
    void withoutATokenNoneIsAsked() throws Exception {
        VitfaceServer server = start(ServeOptions.defaults(), new BlockingModel(false), FaceFinders::forMode);
        assertEquals(200, new ServeClient(server).post("/v1/analyze", "image/png", photo, "Authorization", "Bearer anything")
                .statusCode());
    }

    @Test
    void anUnexpectedFailureIs500WithARequestIdThatTheLogNames() throws Exception {
        BlockingModel stub = new BlockingModel(false);
        FaceModel failing = new FaceModel() {
            @Override
            public float[] prepare(RgbImage chip) {
                return stub.prepare(chip);
            }

            @Override
            public List<FacePrediction> classify(List<float[]> faces) {
                throw new IllegalStateException("simulated engine failure");
            }

            @Override
            public ModelInfo info() {
                return stub.info();
            }
        };
        VitfaceServer server = start(ServeOptions.defaults(), failing, FaceFinders::forMode);
        List<LogRecord> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger log = Logger.getLogger(VitfaceServer.class.getName());
        log.addHandler(capture);
        try {
            HttpResponse<String> r = new ServeClient(server).analyze(photo);
            assertError(r, 500, "internal error; request id ");
            String id = ServeClient.json(r).get("request_id").getAsString();
            assertEquals(id, r.headers().firstValue("X-Request-Id").orElseThrow());
            assertTrue(logged.stream().anyMatch(l -> l.getMessage().equals("request " + id + " failed")), "log names the id");
        } finally {
            log.removeHandler(capture);
        }
    }

    @Test
    void beforeTheModelIsServedTheApiIs503AndNotReady() throws Exception {
        VitfaceServer server = start(ServeOptions.defaults(), null, FaceFinders::forMode);
        ServeClient client = new ServeClient(server);
        assertEquals(200, client.get("/health").statusCode());
        assertError(client.get("/ready"), 503, "the model is still loading");
        assertError(client.analyze(photo), 503, "the model is still loading");
    }

    @Test
    void stopLetsInFlightRequestsFinishAndRefusesNewOnes() throws Exception {
        BlockingModel model = new BlockingModel(true);
        VitfaceServer server = start(ServeOptions.defaults(), model, FaceFinders::forMode);
        ServeClient client = new ServeClient(server);
        CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> call(client));
        assertTrue(model.entered.await(20, TimeUnit.SECONDS));
        long start = System.nanoTime();
        // What the SIGTERM hook calls.
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> server.stop(Duration.ofSeconds(8)));
        awaitStatus(client, "/health", 503);
        assertError(client.analyze(photo), 503, "the server is shutting down");
        assertFalse(server.isStopped(), "it waits for the request in flight");
        model.release();
        HttpResponse<String> answered = inFlight.get(20, TimeUnit.SECONDS);
        assertEquals(200, answered.statusCode(), answered.body());
        stopping.get(20, TimeUnit.SECONDS);
        assertTrue(server.isStopped());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
        assertThrows(IOException.class, () -> client.get("/health"), "the listener is closed");
    }

    @Test
    void stopGivesUpOnAStuckRequestAfterTheGrace() throws Exception {
        BlockingModel model = new BlockingModel(true);
        VitfaceServer server = start(ServeOptions.defaults(), model, FaceFinders::forMode);
        ServeClient client = new ServeClient(server);
        CompletableFuture.supplyAsync(() -> call(client));
        assertTrue(model.entered.await(20, TimeUnit.SECONDS));
        long start = System.nanoTime();
        server.stop(Duration.ofMillis(300));
        double seconds = (System.nanoTime() - start) * 1e-9;
        model.release();
        assertTrue(server.isStopped());
        assertTrue(seconds < 3, "stop took " + seconds + " s");
    }

    private HttpResponse<String> call(ServeClient client) {
        try {
            return client.analyze(photo);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitMetric(ServeClient client, String line) throws Exception {
        for (int i = 0; i < 400; i++) {
            if (client.get("/metrics").body().contains(line)) return;
            Thread.sleep(25);
        }
        throw new AssertionError("metrics never showed '" + line + "'");
    }

    private static void awaitStatus(ServeClient client, String path, int status) throws Exception {
        for (int i = 0; i < 400; i++) {
            if (client.get(path).statusCode() == status) return;
            Thread.sleep(25);
        }
        throw new AssertionError(path + " never answered " + status);
    }

    /** The crop finder keeps the photo as it is: the chip the model gets is the decoded image. */
    @Test
    void theCropFinderIsTheWholeImage() {
        RgbImage image = RgbImage.blank(7, 5);
        FaceRegion region = FaceFinders.forMode(FaceMode.CROP).find(image).getFirst();
        assertEquals(new dev.vitface.faces.FaceBox(0, 0, 7, 5), region.box());
        assertEquals(image, region.chip());
    }
}
