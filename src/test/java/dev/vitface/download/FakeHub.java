package dev.vitface.download;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hub on the loopback interface: serves {@code /{repo}/resolve/{revision}/{file}}, sends
 * {@code .safetensors} files through a redirect to {@code /cdn/} as the real Hub does for large
 * files, honours {@code Range: bytes=N-}, and can cut a transfer off, stall it, or ignore ranges
 * on demand. Every request is recorded; a request cap keeps a looping client from running away.
 */
public final class FakeHub implements AutoCloseable {
    public static final String REPO = "owner/model";
    public static final String REVISION = "main";
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");
    private static final int MAX_REQUESTS = 50;
    /** How long a stalled transfer holds its connection at most, should the client never give up. */
    private static final long STALL_SECONDS = 30;

    /** One request as the server saw it. */
    public record Request(String path, String range) {}

    /**
     * What the next transfer of a file does after {@code bytes}: drop the connection, or stop
     * sending. {@code delivered}, when given, holds the drop back until the client has the bytes.
     */
    private record Interruption(int bytes, boolean stall, BooleanSupplier delivered) {}

    private final HttpServer server;
    // A stalled transfer holds its handler thread: the others must not wait behind it.
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Deque<Interruption>> interruptions = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile boolean ignoreRanges;

    public FakeHub(Map<String, byte[]> files) throws IOException {
        this.files.putAll(files);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code count} transfers of {@code file} each drop the connection after {@code bytes}. */
    public void cutTransfers(String file, int bytes, int count) {
        for (int i = 0; i < count; i++) interruptions(file).add(new Interruption(bytes, false, null));
    }

    /**
     * The next transfer of {@code file} drops the connection after {@code bytes}, but only once
     * the client's {@code part} file holds them all. A plain cut is not exact: the client's HTTP
     * stack discards what it received but had not yet handed to the reader when the connection
     * fails, so under load the client keeps fewer bytes than were sent.
     */
    public void cutNextTransferOnceReceived(String file, int bytes, Path part) {
        interruptions(file).add(new Interruption(bytes, false, () -> sizeOf(part) >= bytes));
    }

    private static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0; // not there yet, or being replaced: ask again
        }
    }

    /**
     * The next transfer of {@code file} sends {@code bytes}, then nothing more while keeping the
     * connection open: the client must notice by itself.
     */
    public void stallNextTransfer(String file, int bytes) {
        interruptions(file).add(new Interruption(bytes, true, null));
    }

    private Deque<Interruption> interruptions(String file) {
        return interruptions.computeIfAbsent(file, f -> new ConcurrentLinkedDeque<>());
    }

    /** Answer every request with the whole file and 200, as servers without range support do. */
    public void ignoreRanges() {
        ignoreRanges = true;
    }

    public void replace(String file, byte[] content) {
        files.put(file, content);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String range = exchange.getRequestHeaders().getFirst("Range");
            requests.add(new Request(path, range));
            if (count.incrementAndGet() > MAX_REQUESTS) {
                exchange.sendResponseHeaders(429, -1);
                return;
            }
            String resolvePrefix = "/" + REPO + "/resolve/" + REVISION + "/";
            if (path.startsWith(resolvePrefix)) {
                String file = path.substring(resolvePrefix.length());
                if (file.endsWith(".safetensors") && files.containsKey(file)) {
                    exchange.getResponseHeaders().add("Location", "/cdn/" + file);
                    exchange.sendResponseHeaders(302, -1);
                    return;
                }
                serve(exchange, file, range);
            } else if (path.startsWith("/cdn/")) {
                serve(exchange, path.substring("/cdn/".length()), range);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private void serve(HttpExchange exchange, String file, String range) throws IOException {
        byte[] content = files.get(file);
        if (content == null) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        int start = 0;
        Matcher m = RANGE.matcher(range == null ? "" : range);
        if (!ignoreRanges && m.matches()) {
            start = Integer.parseInt(m.group(1));
            if (start >= content.length) {
                exchange.getResponseHeaders().add("Content-Range", "bytes */" + content.length);
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            exchange.getResponseHeaders().add("Content-Range",
                    "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
            exchange.sendResponseHeaders(206, content.length - start);
        } else {
            exchange.sendResponseHeaders(200, content.length);
        }
        Interruption interruption = interruptions(file).poll();
        OutputStream body = exchange.getResponseBody();
        if (interruption != null) {
            body.write(content, start, interruption.bytes());
            body.flush();
            if (interruption.delivered() != null) awaitDelivery(interruption.delivered());
            if (interruption.stall()) {
                try {
                    closing.await(STALL_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            // Leaving with bytes still owed: closing the exchange then drops the connection, and
            // the exception makes the server's dispatcher close it too. A cut-off transfer.
            throw new IOException("transfer of " + file + " cut off after " + interruption.bytes() + " bytes, on purpose");
        }
        body.write(content, start, content.length - start);
    }

    /** Waits (at most {@link #STALL_SECONDS}, should the client never read) until {@code delivered} holds. */
    private void awaitDelivery(BooleanSupplier delivered) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STALL_SECONDS);
        try {
            while (!delivered.getAsBoolean() && System.nanoTime() < deadline) {
                if (closing.await(1, TimeUnit.MILLISECONDS)) return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}
