package dev.vitface.cli;

import dev.vitface.FaceAttributes;
import dev.vitface.engine.Workload;
import dev.vitface.preprocess.ImageDecoder;
import dev.vitface.preprocess.RgbImage;
import dev.vitface.serve.AttributesFaceModel;
import dev.vitface.serve.FaceFinders;
import dev.vitface.serve.ServeOptions;
import dev.vitface.serve.VitfaceServer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code vitface serve}: the HTTP service (docs/SERVING.md). */
final class ServeCommand implements Command {
    /** Larger photos are refused before decoding: 40 MP is 120 MB of RGB samples per request. */
    static final int DEFAULT_PIXEL_LIMIT = 40_000_000;
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|B|KB|MB|GB|KiB|MiB|GiB)", Pattern.CASE_INSENSITIVE);

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String summary() {
        return "an HTTP service with dynamic batching, metrics and a web page";
    }

    @Override
    public String usage() {
        return """
                Usage: vitface serve [--model DIR] [--host 127.0.0.1] [--port 8080] [--max-batch 8]
                                     [--max-delay-ms 5] [--queue 64] [--max-bytes 20MB] [--token T]
                                     [--pixel-limit N] [--backend auto|cpu|onednn|cuda|java]
                                     [--precision fp32|tf32|bf16] [--strict-precision] [--threads N]

                POST /v1/analyze   an image (image/* body, or multipart/form-data field 'image'),
                                   ?faces=detect|crop; answers faces with box and perceived
                                   age, gender and race as 'classify --format jsonl' does
                GET  /             a web page to try it;  GET /openapi.json  the API
                GET  /health, /ready, /metrics (Prometheus)

                  --model DIR        default weights/clip-face-attribute-classifier
                  --host H           address to bind (default 127.0.0.1, loopback only; 0.0.0.0 exposes it)
                  --port N           default 8080; 0 picks a free port
                  --max-batch N      most faces in one forward pass (default 8)
                  --max-delay-ms N   how long the first queued face waits for more (default 5)
                  --queue N          most faces waiting; beyond it: 503 with Retry-After (default 64)
                  --max-bytes SIZE   largest request body, e.g. 20MB, 512KB (default 20MB)
                  --token T          every API call must send 'Authorization: Bearer T' (401 otherwise);
                                     also read from VITFACE_TOKEN, which keeps it out of the process list
                  --pixel-limit N    larger images are refused before decoding (default 40000000)
                  --backend B        default auto: CUDA where a GPU works, else oneDNN on the CPU, whose
                                     answer for a face is the same bits whatever batch it shares
                                     (cpu, OpenBLAS, may move the last bits with the batch)

                SIGTERM stops it gracefully: new requests get 503, those in flight finish, and it
                exits within 10 s. Uploaded images and predictions are never written to disk or logs.

                """ + Main.RESPONSIBLE_USE;
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args args = Args.parse(argv, Set.of("model", "host", "port", "max-batch", "max-delay-ms", "queue", "max-bytes",
                "token", "pixel-limit", "backend", "precision", "threads"), Set.of("strict-precision"));
        if (!args.positional().isEmpty()) throw new UsageException("unexpected argument " + args.positional().getFirst());
        String token = args.value("token", System.getenv("VITFACE_TOKEN"));
        if (token != null && token.isBlank()) throw new UsageException("--token must not be empty");
        ServeOptions options = new ServeOptions(args.value("host", ServeOptions.DEFAULT_HOST),
                args.intValue("port", ServeOptions.DEFAULT_PORT, 0, 65535),
                args.intValue("max-batch", ServeOptions.DEFAULT_MAX_BATCH, 1, 1024),
                Duration.ofMillis(args.intValue("max-delay-ms", ServeOptions.DEFAULT_MAX_DELAY_MS, 0, 60_000)),
                args.intValue("queue", ServeOptions.DEFAULT_QUEUE, 1, 1_000_000),
                bytes(args.value("max-bytes", "20MB")), token, ServeOptions.DEFAULT_GRACE);
        ImageDecoder decoder = ImageDecoder.defaults()
                .withPixelLimit(args.intValue("pixel-limit", DEFAULT_PIXEL_LIMIT, 1, Integer.MAX_VALUE))
                .withExifTranspose(true);
        FaceAttributes.Options modelOptions = FaceAttributes.Options.defaults()
                .withEngine(CommonOptions.engine(args).withWorkload(Workload.SERVING))
                .withBatchSize(options.maxBatch());
        Path modelDir = args.path("model", ClassifyCommand.DEFAULT_MODEL);
        if (!Files.isDirectory(modelDir)) {
            err.println("vitface serve: no model at " + modelDir + ". Download it with 'vitface download'"
                    + " (1.2 GB), or pass --model DIR.");
            return ExitCodes.FAILURE;
        }

        VitfaceServer server = VitfaceServer.start(options, decoder, FaceFinders::forMode);
        out.println("vitface serve: listening on " + server.url() + " (loading " + modelDir + ")");
        out.flush();
        FaceAttributes model;
        try {
            model = FaceAttributes.load(modelDir, modelOptions);
        } catch (Exception | Error e) {
            server.stop(Duration.ZERO);
            throw e;
        }
        // Printed, not logged: java.util.logging resets its handlers in a shutdown hook of its own.
        Thread hook = Thread.ofPlatform().unstarted(() -> {
            long start = System.nanoTime();
            out.println("vitface serve: stopping (requests in flight may finish, new ones get 503)");
            out.flush();
            server.stop(options.grace());
            model.close();
            out.printf(Locale.ROOT, "vitface serve: stopped in %.2f s%n", (System.nanoTime() - start) * 1e-9);
            out.flush();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        warmUp(model);
        server.serve(AttributesFaceModel.of(model, modelDir));
        out.println("vitface serve: ready (" + model.backendDescription() + "; max batch " + options.maxBatch()
                + ", max delay " + options.maxDelay().toMillis() + " ms, queue " + options.queue() + ")");
        out.flush();
        while (!server.awaitStopped(Duration.ofDays(1))) {
            // Runs until SIGTERM or Ctrl-C: the shutdown hook stops the server.
        }
        return ExitCodes.SUCCESS;
    }

    /** One forward pass before /ready says yes, so the first request does not pay for compilation. */
    private static void warmUp(FaceAttributes model) {
        int size = model.config().imageSize();
        model.classifyImages(List.of(RgbImage.blank(size, size)));
    }

    /** "20MB", "512KB", "1000" (bytes); KB/MB/GB are powers of 1000, KiB/MiB/GiB of 1024. */
    static long bytes(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) throw new UsageException("--max-bytes must be a size like 20MB, 512KB or 1000000; got '" + text + "'");
        long unit = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "", "B" -> 1;
            case "KB" -> 1000;
            case "MB" -> 1000 * 1000;
            case "GB" -> 1000L * 1000 * 1000;
            case "KIB" -> 1024;
            case "MIB" -> 1024 * 1024;
            default -> 1024L * 1024 * 1024;
        };
        try {
            long bytes = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
            if (bytes < 1) throw new UsageException("--max-bytes must be at least 1 byte");
            return bytes;
        } catch (ArithmeticException | NumberFormatException e) {
            throw new UsageException("--max-bytes is too large: " + text);
        }
    }
}
