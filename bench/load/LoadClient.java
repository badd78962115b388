/*
 * Load test for `vitface serve` (run by bench/load.sh): N concurrent loopback clients post the
 * same photo for a bounded time and count, then it reports throughput, p50/p99 latency, and the
 * batch-size histogram the server saw during the run (the difference of two /metrics scrapes).
 * With --bench-json (the output of `vitface bench --format json`) it also prints the ratio of
 * the served images/s to bench's images/s at --batch.
 *
 * A single-file program: java -cp target/lib/gson-<version>.jar bench/load/LoadClient.java --url URL ...
 */

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class LoadClient {
    private static final Pattern BUCKET = Pattern.compile("^vitface_batch_size_bucket\\{le=\"([^\"]+)\"} (\\d+)$", Pattern.MULTILINE);

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = parse(argv);
        String url = required(a, "url");
        int clients = Integer.parseInt(a.getOrDefault("clients", "16"));
        double seconds = Double.parseDouble(a.getOrDefault("seconds", "60"));
        long maxRequests = Long.parseLong(a.getOrDefault("requests", "100000"));
        Path image = Path.of(required(a, "image"));
        int batch = Integer.parseInt(a.getOrDefault("batch", "8"));
        String token = a.get("token");
        byte[] body = Files.readAllBytes(image);
        String contentType = contentType(image);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(url + "/v1/analyze"))
                .timeout(Duration.ofSeconds(600)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) post.header("Authorization", "Bearer " + token);
        HttpRequest request = post.build();

        // One request before the clock starts: the first one pays for lazy initialisation.
        HttpResponse<String> first = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (first.statusCode() != 200) throw new IllegalStateException("warm-up request: " + first.statusCode() + " " + first.body());
        Map<Double, Long> before = batchBuckets(http, url, token);

        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        AtomicLong issued = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofPlatform().name("load-" + c).start(() -> {
                while (System.nanoTime() < deadline && issued.incrementAndGet() <= maxRequests) {
                    long t0 = System.nanoTime();
                    int status;
                    try {
                        status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (Exception e) {
                        status = -1;
                    }
                    if (status == 200) latencies.add(System.nanoTime() - t0);
                    statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                }
            }));
        }
        for (Thread t : threads) t.join();
        double elapsed = (System.nanoTime() - start) * 1e-9;
        Map<Double, Long> after = batchBuckets(http, url, token);

        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        double throughput = sorted.length / elapsed;
        System.out.printf(Locale.ROOT, "clients %d, %.1f s, %d requests answered 200; statuses %s%n", clients, elapsed,
                sorted.length, new TreeMap<>(statuses));
        System.out.printf(Locale.ROOT, "throughput %.3f images/s (one face per request)%n", throughput);
        System.out.printf(Locale.ROOT, "latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", percentile(sorted, 0.50) * 1e-6,
                percentile(sorted, 0.99) * 1e-6, sorted.length == 0 ? 0 : sorted[sorted.length - 1] * 1e-6);
        printBatchHistogram(before, after);
        if (a.containsKey("bench-json")) {
            double bench = benchImagesPerSecond(Path.of(a.get("bench-json")), batch);
            System.out.printf(Locale.ROOT, "vitface bench at batch %d: %.3f images/s; serve / bench = %.3f (target >= 0.9)%n",
                    batch, bench, throughput / bench);
        }
    }

    /** Nearest-rank percentile of sorted nanoseconds. */
    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static Map<Double, Long> batchBuckets(HttpClient http, String url, String token) throws Exception {
        HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(url + "/metrics")).timeout(Duration.ofSeconds(30));
        if (token != null) get.header("Authorization", "Bearer " + token);
        String text = http.send(get.build(), HttpResponse.BodyHandlers.ofString()).body();
        Map<Double, Long> buckets = new TreeMap<>();
        Matcher m = BUCKET.matcher(text);
        while (m.find()) {
            double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
            buckets.put(le, Long.parseLong(m.group(2)));
        }
        return buckets;
    }

    /** Forward passes per batch size during the run, from the cumulative buckets before and after. */
    private static void printBatchHistogram(Map<Double, Long> before, Map<Double, Long> after) {
        StringBuilder sb = new StringBuilder("batch sizes (forward passes):");
        long previous = 0;
        long passes = 0;
        double faces = 0;
        for (Map.Entry<Double, Long> e : after.entrySet()) {
            long cumulative = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            long n = cumulative - previous;
            previous = cumulative;
            if (n == 0) continue;
            String label = e.getKey().isInfinite() ? "+Inf" : String.format(Locale.ROOT, "<=%.0f", e.getKey());
            sb.append(' ').append(label).append(": ").append(n);
            passes += n;
            if (!e.getKey().isInfinite()) faces += n * e.getKey();
        }
        System.out.println(sb);
        if (passes > 0) System.out.printf(Locale.ROOT, "forward passes %d, mean batch <= %.2f%n", passes, faces / passes);
    }

    private static double benchImagesPerSecond(Path json, int batch) throws Exception {
        JsonArray rows = JsonParser.parseString(Files.readString(json)).getAsJsonArray();
        for (JsonElement row : rows) {
            if (row.getAsJsonObject().get("batch").getAsInt() == batch) {
                return row.getAsJsonObject().get("images_per_second").getAsDouble();
            }
        }
        throw new IllegalArgumentException(json + " has no result at batch " + batch);
    }

    private static String contentType(Path image) {
        String name = image.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) return "image/png";
        if (name.endsWith(".jpg") || name.endsWith(".jpeg")) return "image/jpeg";
        if (name.endsWith(".webp")) return "image/webp";
        throw new IllegalArgumentException(image + ": use a PNG, JPEG or WebP photo");
    }

    private static Map<String, String> parse(String[] argv) {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + Arrays.toString(argv));
            }
            a.put(argv[i].substring(2), argv[++i]);
        }
        return a;
    }

    private static String required(Map<String, String> a, String name) {
        String v = a.get(name);
        if (v == null) throw new IllegalArgumentException("--" + name + " is required");
        return v;
    }
}
