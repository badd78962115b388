package dev.vitface.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.Fixtures;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code vitface serve} as a real process: it becomes ready, answers, and exits promptly on SIGTERM. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServeProcessTest {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    @Test
    void sigtermStopsItWithinTenSeconds() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.vitface.cli.Main", "serve", "--model", Fixtures.tinyModel().toString(), "--port", "0",
                "--backend", "java", "--threads", "1", "--max-batch", "2");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> pump(process.getInputStream(), lines, output));
        try {
            String url = null;
            boolean ready = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!ready && System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line == null) continue;
                Matcher m = LISTENING.matcher(line);
                if (m.find()) url = m.group(1);
                ready = line.contains("vitface serve: ready");
            }
            assertTrue(ready && url != null, "never ready:\n" + String.join("\n", output));

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/analyze"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "image/png")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(Fixtures.path("tiny/synthetic_70x50.png"))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());

            long start = System.nanoTime();
            // Process.destroy() would send SIGTERM too, but it closes our end of the output at once.
            Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start();
            assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -TERM failed");
            assertTrue(process.waitFor(10, TimeUnit.SECONDS), "still running 10 s after SIGTERM");
            double seconds = (System.nanoTime() - start) * 1e-9;
            assertEquals(143, process.exitValue(), "killed by SIGTERM after its shutdown hook ran");
            reader.join(Duration.ofSeconds(5));
            assertTrue(output.stream().anyMatch(l -> l.contains("vitface serve: stopped in")), "the hook stopped the server:\n"
                    + String.join("\n", output) + "\n(" + seconds + " s)");
        } finally {
            process.destroyForcibly();
        }
    }

    private static void pump(InputStream in, BlockingQueue<String> lines, List<String> output) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                output.add(line);
                lines.add(line);
            }
        } catch (java.io.IOException e) {
            output.add("(output ended: " + e.getMessage() + ")");
        }
    }
}
