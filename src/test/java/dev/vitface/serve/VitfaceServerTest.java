package dev.vitface.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.vitface.FaceAttributes;
import dev.vitface.Fixtures;
import dev.vitface.classify.ClassificationResult;
import dev.vitface.classify.ResultFormat;
import dev.vitface.classify.ResultWriter;
import dev.vitface.preprocess.ImageDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code POST /v1/analyze} and the other endpoints on loopback, with the tiny model on the java reference backend. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VitfaceServerTest {
    private static final ImageDecoder DECODER = ImageDecoder.defaults().withExifTranspose(true);
    private static FaceAttributes attributes;
    private static VitfaceServer server;
    private static ServeClient client;
    private static byte[] photo;

    @BeforeAll
    static void start() throws IOException {
        attributes = FaceAttributes.load(Fixtures.tinyModel(), FaceAttributes.Options.defaults().withBackend("java").withBatchSize(4));
        server = VitfaceServer.start(ServeOptions.defaults().withPort(0).withBatching(4, Duration.ofMillis(20), 64),
                DECODER, FaceFinders::forMode);
        server.serve(AttributesFaceModel.of(attributes, Fixtures.tinyModel()));
        client = new ServeClient(server);
        photo = Files.readAllBytes(Fixtures.path("tiny/synthetic_70x50.png"));
    }

    @AfterAll
    static void stop() {
        server.stop(Duration.ofSeconds(5));
        attributes.close();
    }

    /** What classify --format jsonl says about the same file, without its "file" key. */
    private static JsonObject classifyJsonl(Path file) {
        JsonObject expected = new JsonObject();
        ClassificationResult r = attributes.classify(List.of(file)).getFirst();
        ResultFormat.addPrediction(expected, ((ClassificationResult.Success) r).prediction());
        return expected;
    }

    @Test
    void aPhotoIsOneFaceInCropModeWithTheShapesOfClassifyJsonl() throws Exception {
        HttpResponse<String> response = client.analyze(photo);
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        JsonObject answer = ServeClient.json(response);
        JsonArray faces = answer.getAsJsonArray("faces");
        assertEquals(1, faces.size());
        JsonObject face = faces.get(0).getAsJsonObject();
        assertEquals(0, face.get("face").getAsInt());
        assertEquals(JsonParser.parseString("[0.0,0.0,70.0,50.0]"), face.get("box"));
        assertEquals("ok", face.get("status").getAsString());
        assertTrue(face.get("score").isJsonNull());
        assertTrue(face.get("landmarks").isJsonNull());
        JsonObject expected = classifyJsonl(Fixtures.path("tiny/synthetic_70x50.png"));
        for (String task : List.of("age", "gender", "race")) assertEquals(expected.get(task), face.get(task), task);
        assertEquals(JsonParser.parseString("{\"width\":70,\"height\":50}"), answer.get("image"));
        JsonObject model = answer.getAsJsonObject("model");
        assertEquals("tiny", model.get("name").getAsString());
        assertEquals(sha256Of(Fixtures.path("tiny/model.safetensors")), model.get("sha256").getAsString());
        assertEquals("java", model.get("backend").getAsString());
        assertEquals("fp32", model.get("precision").getAsString());
    }

    @Test
    void aMultipartFormUploadGetsTheSameAnswerAsTheRawBody() throws Exception {
        String boundary = "----vitface-test-boundary";
        HttpResponse<String> multipart = client.post("/v1/analyze?faces=crop", "multipart/form-data; boundary=" + boundary,
                ServeClient.multipart(boundary, "image", photo));
        HttpResponse<String> raw = client.analyze(photo);
        assertEquals(200, multipart.statusCode(), multipart.body());
        assertEquals(ServeClient.json(raw), ServeClient.json(multipart));
    }

    @Test
    void aMultipartFormWithoutTheImageFieldIs400() throws Exception {
        String boundary = "b0undary";
        HttpResponse<String> r = client.post("/v1/analyze", "multipart/form-data; boundary=" + boundary,
                ServeClient.multipart(boundary, "picture", photo));
        assertError(r, 400, "the multipart form has no 'image' field");
    }

    @Test
    void garbageBytesAre400NamingNoServerFile() throws Exception {
        HttpResponse<String> r = client.post("/v1/analyze", "image/jpeg", "not an image at all".getBytes());
        assertError(r, 400, "upload: not an image file");
        assertEquals("upload: not an image file (PNG, JPEG, GIF, BMP and WebP are supported)", ServeClient.json(r).get("error").getAsString());
        HttpResponse<String> empty = client.post("/v1/analyze", "image/png", new byte[0]);
        assertError(empty, 400, "upload: empty");
    }

    @Test
    void aWrongContentTypeIs415() throws Exception {
        assertError(client.post("/v1/analyze", "text/plain", photo), 415, "unsupported Content-Type 'text/plain'");
        assertError(client.post("/v1/analyze", "application/octet-stream", photo), 415, "unsupported Content-Type");
    }

    /** What classify --faces detect --format jsonl writes for {@code file}, one object per face, without "file". */
    private static List<JsonObject> classifyDetectJsonl(Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultWriter writer = ResultFormat.JSONL.writer(new PrintStream(out, true, StandardCharsets.UTF_8), 0, true);
        attributes.analyze(List.of(file), writer::write);
        List<JsonObject> faces = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            o.remove("file");
            faces.add(o);
        }
        return faces;
    }

    @Test
    void byDefaultEveryFaceIsDetectedAndWrittenAsClassifyJsonlWritesIt() throws Exception {
        Path group = Path.of(VitfaceServerTest.class.getResource("/dev/vitface/demo/group.png").toURI());
        HttpResponse<String> response = client.post("/v1/analyze", "image/png", Files.readAllBytes(group));
        assertEquals(200, response.statusCode(), response.body());
        JsonArray faces = ServeClient.json(response).getAsJsonArray("faces");
        List<JsonObject> expected = classifyDetectJsonl(group);
        assertEquals(5, expected.size());
        assertEquals(expected.size(), faces.size(), response.body());
        for (int i = 0; i < faces.size(); i++) {
            JsonObject face = faces.get(i).getAsJsonObject();
            assertEquals(expected.get(i), face, "face " + i);
            assertEquals(List.copyOf(expected.get(i).keySet()), List.copyOf(face.keySet()), "the keys in classify's order");
        }
        assertEquals(ServeClient.json(response), ServeClient.json(client.post("/v1/analyze?faces=detect", "image/png",
                Files.readAllBytes(group))), "?faces=detect is the default");
    }

    @Test
    void aPhotoWithoutAFaceGivesNoFacesByDefault() throws Exception {
        byte[] cat = Files.readAllBytes(Fixtures.path("tiny/chelsea.png"));
        JsonObject answer = ServeClient.json(client.post("/v1/analyze", "image/png", cat));
        assertEquals(new JsonArray(), answer.getAsJsonArray("faces"), "the cat photo has no human face");
        assertEquals(JsonParser.parseString("{\"width\":451,\"height\":300}"), answer.get("image"));
        assertEquals(new JsonArray(), ServeClient.json(client.post("/v1/analyze", "image/png", photo)).getAsJsonArray("faces"),
                "the synthetic image has no face");
    }

    @Test
    void badQueriesAre400() throws Exception {
        assertError(client.post("/v1/analyze?faces=both", "image/png", photo), 400, "faces must be detect or crop");
        assertError(client.post("/v1/analyze?file=/etc/passwd", "image/png", photo), 400, "unknown query parameter 'file'");
    }

    @Test
    void concurrentIdenticalRequestsGetIdenticalAnswers() throws Exception {
        String alone = client.analyze(photo).body();
        int clients = 12;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) answers.add(pool.submit(() -> client.analyze(photo)));
            for (Future<HttpResponse<String>> f : answers) {
                HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
                assertEquals(200, r.statusCode(), r.body());
                assertEquals(alone, r.body(), "a batched answer differs from the one alone");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void healthReadyMetricsAndOpenApi() throws Exception {
        assertEquals(200, client.get("/health").statusCode());
        assertEquals(200, client.get("/ready").statusCode());
        client.analyze(photo);
        HttpResponse<String> metrics = client.get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
        String text = metrics.body();
        for (String line : List.of("# TYPE vitface_requests_total counter", "vitface_requests_total{code=\"200\"} ",
                "# TYPE vitface_request_seconds histogram", "vitface_request_seconds_bucket{le=\"+Inf\"} ",
                "vitface_request_seconds_sum ", "vitface_request_seconds_count ", "# TYPE vitface_batch_size histogram",
                "vitface_batch_size_bucket{le=\"1\"} ", "vitface_batch_size_bucket{le=\"4\"} ", "vitface_batch_size_count ",
                "# TYPE vitface_queue_depth gauge", "vitface_queue_depth 0", "# TYPE vitface_faces_total counter",
                "vitface_faces_total ")) {
            assertTrue(text.contains(line), "metrics lack '" + line + "':\n" + text);
        }
        JsonObject paths = JsonParser.parseString(client.get("/openapi.json").body()).getAsJsonObject().getAsJsonObject("paths");
        for (String path : List.of("/v1/analyze", "/health", "/ready", "/metrics", "/openapi.json", "/")) {
            assertTrue(paths.has(path), "openapi.json lacks " + path);
        }
    }

    @Test
    void thePageIsServedFromTheJarWithTheNoticeAndNoExternalUrls() throws Exception {
        HttpResponse<String> page = client.get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Responsible use."), "the notice");
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow().contains("default-src 'self'"));
        for (String file : List.of("/", "/app.js", "/style.css")) {
            String body = client.get(file).body();
            assertFalse(body.contains("http://") || body.contains("https://") || body.contains("//cdn"), file + " names an external URL");
        }
    }

    @Test
    void unknownPathsAndMethodsAreJsonErrors() throws Exception {
        assertError(client.get("/v2/analyze"), 404, "no such endpoint");
        assertError(client.get("/v1/analyze"), 405, "GET is not allowed here; use POST");
        assertError(client.post("/health", "image/png", photo), 405, "POST is not allowed here; use GET");
    }

    static void assertError(HttpResponse<String> response, int status, String messageStart) {
        assertEquals(status, response.statusCode(), response.body());
        String error = ServeClient.json(response).get("error").getAsString();
        assertTrue(error.startsWith(messageStart), "error '" + error + "' does not start with '" + messageStart + "'");
    }

    /** The file's SHA-256 read from disk, independently of the mapping the server hashes. */
    private static String sha256Of(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
