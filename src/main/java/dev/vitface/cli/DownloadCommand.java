package dev.vitface.cli;

import dev.vitface.download.DownloadException;
import dev.vitface.download.HubLocation;
import dev.vitface.download.ModelDownloader;
import dev.vitface.download.Progress;
import dev.vitface.util.FailureText;
import java.io.Console;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code vitface download}: fetches the model's three files from the Hugging Face Hub, resumably. */
public final class DownloadCommand implements Command {
    public static final String DEFAULT_REPO = "syntheticbot/clip-face-attribute-classifier";
    public static final Path DEFAULT_FOLDER = Path.of("weights", "clip-face-attribute-classifier");
    /** What the engine needs: the configs and the F32 checkpoint. */
    public static final List<String> MODEL_FILES = List.of("config.json", "preprocessor_config.json", "model.safetensors");
    static final String ENDPOINT_VARIABLE = "HF_ENDPOINT";
    /** {@code 60s}, {@code 2m}, {@code 500ms}, or a bare number of seconds. */
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)?");

    private final List<String> files;
    private final Map<String, String> environment;
    private final boolean terminal;
    /** Null: make one per run. Not made up front, as every command is constructed for {@code --help}. */
    private final HttpClient sharedHttp;

    public DownloadCommand() {
        this(MODEL_FILES, System.getenv(), stderrLooksInteractive(), null);
    }

    /** For tests: another file list, environment, output style, and a client the caller closes. */
    DownloadCommand(List<String> files, Map<String, String> environment, boolean terminal, HttpClient sharedHttp) {
        this.files = List.copyOf(files);
        this.environment = Map.copyOf(environment);
        this.terminal = terminal;
        this.sharedHttp = sharedHttp;
    }

    @Override
    public String name() {
        return "download";
    }

    @Override
    public String summary() {
        return "fetch the model files from the Hugging Face Hub (resumable)";
    }

    @Override
    public String usage() {
        return """
                Usage: vitface download [--repo OWNER/NAME] [--to DIR] [--revision REV] [--endpoint URL]
                                        [--stall-timeout TIME]

                Downloads %s of a Hub repository into DIR, resuming an interrupted
                transfer (FILE.part) where it stopped. Each file is checked (JSON parsed, safetensors
                header validated) before it is put in place; files already present and valid are kept.
                A transfer that stalls or drops is resumed, up to %d attempts per file.

                Options:
                  --repo OWNER/NAME   repository (default %s)
                  --to DIR            destination folder (default %s)
                  --revision REV      branch, tag or commit (default main)
                  --endpoint URL      Hub or mirror base URL (default $%s, else %s)
                  --stall-timeout TIME
                                      give a transfer up when no byte arrives for TIME, then resume it
                                      (e.g. 30s, 2m, 500ms; default %ds)
                """.formatted(String.join(", ", files), ModelDownloader.ATTEMPTS, DEFAULT_REPO, DEFAULT_FOLDER,
                ENDPOINT_VARIABLE, HubLocation.DEFAULT_ENDPOINT, ModelDownloader.DEFAULT_STALL_TIMEOUT.toSeconds());
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws InterruptedException {
        Args args = Args.parse(argv, Set.of("repo", "to", "revision", "endpoint", "stall-timeout"), Set.of());
        if (!args.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + args.positional().getFirst() + "'");
        }
        HubLocation hub = location(args);
        Path folder = args.path("to", DEFAULT_FOLDER);
        Duration stallTimeout = args.value("stall-timeout") == null
                ? ModelDownloader.DEFAULT_STALL_TIMEOUT
                : duration("--stall-timeout", args.value("stall-timeout"));
        err.println("Downloading " + hub + " into " + folder);
        if (sharedHttp != null) return download(sharedHttp, stallTimeout, hub, folder, out, err);
        try (HttpClient http = ModelDownloader.defaultHttpClient()) {
            return download(http, stallTimeout, hub, folder, out, err);
        }
    }

    private int download(HttpClient http, Duration stallTimeout, HubLocation hub, Path folder, PrintStream out,
                         PrintStream err) throws InterruptedException {
        ModelDownloader downloader = new ModelDownloader(http, stallTimeout, Progress.forStream(err, terminal), err);
        try {
            List<String> done = downloader.download(hub, files, folder);
            out.println("Downloaded " + hub.repo() + " (" + hub.revision() + ") to " + folder + ":");
            for (String line : done) out.println("  " + line);
            return ExitCodes.SUCCESS;
        } catch (DownloadException e) {
            err.println("vitface download: " + FailureText.of(e));
            return ExitCodes.FAILURE;
        }
    }

    private HubLocation location(Args args) {
        String endpoint = args.value("endpoint",
                environment.getOrDefault(ENDPOINT_VARIABLE, HubLocation.DEFAULT_ENDPOINT));
        try {
            URI uri = HubLocation.parseEndpoint(endpoint);
            return new HubLocation(uri, args.value("repo", DEFAULT_REPO), args.value("revision", "main"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(FailureText.of(e));
        }
    }

    /** A positive duration: {@code 60s}, {@code 2m}, {@code 500ms}, or a bare number of seconds. */
    static Duration duration(String option, String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            Duration d = switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofSeconds(amount);
            };
            if (!d.isZero()) return d;
        }
        throw new UsageException(option + " must be a positive time such as 60s, 2m or 500ms, got '" + text + "'");
    }

    /**
     * A live progress bar only on a terminal. Since JDK 22 {@code System.console()} is non-null
     * even when output is redirected, so ask {@link Console#isTerminal()} as well.
     */
    private static boolean stderrLooksInteractive() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }
}
