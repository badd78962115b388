package dev.vitface.serve;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vitface.preprocess.ImageDecoder;
import dev.vitface.util.FailureText;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The HTTP service: the JDK's {@code jdk.httpserver} with one virtual thread per exchange
 * (docs/SERVING.md says why), the routes, bearer-token checks, and graceful shutdown. It listens
 * before the model is loaded, so {@code /health} answers at once and {@code /ready} once
 * {@link #serve(FaceModel)} hands it a warmed-up model.
 *
 * <p>Nothing a request carries is logged or written: only counts, timings and request ids.
 */
public final class VitfaceServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(VitfaceServer.class.getName());
    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    private record Loaded(FaceModel model, DynamicBatcher batcher) {}

    private final ServeOptions options;
    private final HttpServer http;
    private final ExecutorService executor;
    private final AnalyzeHandler analyzer;
    private final StaticFiles files;
    private final ServeMetrics metrics;
    private final byte[] tokenBytes;
    private final Object lifecycle = new Object();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Loaded loaded;
    private volatile boolean draining;
    private int inFlight; // guarded by lifecycle

    private VitfaceServer(ServeOptions options, HttpServer http, ExecutorService executor, AnalyzeHandler analyzer) {
        this.options = options;
        this.http = http;
        this.executor = executor;
        this.analyzer = analyzer;
        this.files = StaticFiles.load();
        this.metrics = new ServeMetrics(options.maxBatch(), () -> {
            Loaded l = loaded;
            return l == null ? 0 : l.batcher().queueDepth();
        });
        this.tokenBytes = options.token() == null ? null : options.token().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Binds and starts listening; the API answers 503 until {@link #serve(FaceModel)}.
     *
     * @param finders the face finder of each {@code ?faces=} mode ({@link FaceFinders#forMode} in production)
     */
    public static VitfaceServer start(ServeOptions options, ImageDecoder decoder, Function<FaceMode, FaceFinder> finders)
            throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 0);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        http.setExecutor(executor);
        VitfaceServer server = new VitfaceServer(options, http, executor,
                new AnalyzeHandler(decoder, finders, options.maxBytes(), options.queue()));
        http.createContext("/", server::handle);
        http.start();
        return server;
    }

    /** Starts answering the API with {@code model}, which the caller has loaded and warmed up. */
    public void serve(FaceModel model) {
        synchronized (lifecycle) {
            if (draining) throw new IllegalStateException("the server is stopping");
            if (loaded != null) throw new IllegalStateException("a model is already served");
            loaded = new Loaded(model, new DynamicBatcher(model, options.maxBatch(), options.maxDelay(), options.queue(),
                    metrics::batch));
        }
    }

    /** The port it listens on (the one picked, when asked for port 0). */
    public int port() {
        return http.getAddress().getPort();
    }

    public String url() {
        return "http://" + http.getAddress().getHostString() + ":" + port();
    }

    private void handle(HttpExchange exchange) {
        String requestId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        long start = System.nanoTime();
        String path = exchange.getRequestURI().getPath();
        boolean analyze = path.equals("/v1/analyze");
        int status;
        if (!enter()) {
            status = send(exchange, requestId, new ApiException(503, "the server is shutting down", 1));
        } else {
            try {
                status = route(exchange, path, requestId);
            } finally {
                leave();
            }
        }
        if (analyze) metrics.request(status, (System.nanoTime() - start) * 1e-9);
    }

    private int route(HttpExchange exchange, String path, String requestId) {
        try {
            String method = exchange.getRequestMethod();
            return switch (path) {
                case "/v1/analyze" -> {
                    requireMethod(method, "POST");
                    requireToken(exchange);
                    Loaded l = loaded;
                    if (l == null) throw new ApiException(503, "the model is still loading", 5);
                    yield sendJson(exchange, requestId, 200, analyzer.analyze(exchange, l.model(), l.batcher()));
                }
                case "/health" -> {
                    requireMethod(method, "GET");
                    yield sendJson(exchange, requestId, 200, status("alive"));
                }
                case "/ready" -> {
                    requireMethod(method, "GET");
                    if (loaded == null) throw new ApiException(503, "the model is still loading", 5);
                    yield sendJson(exchange, requestId, 200, status("ready"));
                }
                case "/metrics" -> {
                    requireMethod(method, "GET");
                    requireToken(exchange);
                    yield send(exchange, requestId, 200, "text/plain; version=0.0.4; charset=utf-8",
                            metrics.exposition().getBytes(StandardCharsets.UTF_8));
                }
                default -> {
                    StaticFiles.File file = files.get(path);
                    if (file == null) throw new ApiException(404, "no such endpoint; see /openapi.json");
                    requireMethod(method, "GET");
                    // The page may load only its own files and the photo picked (a blob: URL): no external URLs.
                    exchange.getResponseHeaders().set("Content-Security-Policy",
                            "default-src 'self'; img-src 'self' blob:; object-src 'none'; base-uri 'none'");
                    yield send(exchange, requestId, 200, file.contentType(), file.bytes());
                }
            };
        } catch (ApiException e) {
            return send(exchange, requestId, e);
        } catch (Exception | OutOfMemoryError e) {
            // The one log line a failure gets: the id the client also sees, never request content.
            LOG.log(Level.SEVERE, "request " + requestId + " failed", e);
            return send(exchange, requestId, new ApiException(500, "internal error; request id " + requestId));
        }
    }

    private static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) throw new ApiException(405, method + " is not allowed here; use " + allowed);
    }

    private void requireToken(HttpExchange exchange) {
        if (tokenBytes == null) return;
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] given = header != null && header.startsWith("Bearer ")
                ? header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(given, tokenBytes)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            throw new ApiException(401, header == null ? "missing Authorization: Bearer token" : "wrong bearer token");
        }
    }

    private static JsonObject status(String value) {
        JsonObject o = new JsonObject();
        o.addProperty("status", value);
        return o;
    }

    private int send(HttpExchange exchange, String requestId, ApiException e) {
        if (e.retryAfterSeconds() != null) {
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(e.retryAfterSeconds()));
        }
        JsonObject body = new JsonObject();
        body.addProperty("error", FailureText.of(e));
        if (e.status() == 500) body.addProperty("request_id", requestId);
        return sendJson(exchange, requestId, e.status(), body);
    }

    private int sendJson(HttpExchange exchange, String requestId, int status, JsonObject body) {
        return send(exchange, requestId, status, "application/json; charset=utf-8",
                GSON.toJson(body).getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the answer; a client that went away is no error of the server's. */
    private int send(HttpExchange exchange, String requestId, int status, String contentType, byte[] body) {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("X-Request-Id", requestId);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            out.write(body);
        } catch (IOException e) {
            LOG.fine(() -> "request " + requestId + ": client gone before the answer was sent");
        } finally {
            exchange.close();
        }
        return status;
    }

    private boolean enter() {
        synchronized (lifecycle) {
            if (draining) return false;
            inFlight++;
            return true;
        }
    }

    private void leave() {
        synchronized (lifecycle) {
            inFlight--;
            lifecycle.notifyAll();
        }
    }

    /**
     * Graceful stop, what SIGTERM runs: new requests get 503 at once, requests in flight finish
     * (up to {@code grace}), then the batcher and the listener stop. Idempotent; returns when done.
     */
    public void stop(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        int waiting;
        synchronized (lifecycle) {
            if (draining) {
                awaitStopped(grace);
                return;
            }
            draining = true;
            waiting = inFlight;
        }
        LOG.info(() -> "stopping: " + waiting + " requests in flight");
        synchronized (lifecycle) {
            try {
                for (long left; inFlight > 0 && (left = deadline - System.nanoTime()) > 0; ) {
                    TimeUnit.NANOSECONDS.timedWait(lifecycle, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Loaded l = loaded;
        if (l != null) l.batcher().close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        http.stop(0);
        executor.shutdownNow();
        stopped.countDown();
        LOG.info("stopped");
    }

    /** Blocks until {@link #stop} has finished, or {@code timeout} passed; true when stopped. */
    public boolean awaitStopped(Duration timeout) {
        try {
            return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean isStopped() {
        return stopped.getCount() == 0;
    }

    @Override
    public void close() {
        stop(options.grace());
    }
}
