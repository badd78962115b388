package dev.vitface.download;

import dev.vitface.util.FailureText;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings one URL into a {@code .part} file, resuming what an earlier run left there with an HTTP
 * Range request. Handles the three answers a server may give to {@code Range: bytes=N-}:
 * 206 (append from N), 200 (the server ignores ranges: start over) and 416 (nothing past N:
 * the part is complete if its length is the file's). Bytes are written to disk as they arrive,
 * so an interrupted transfer keeps everything received.
 *
 * <p>A transfer that stops part-way, because the connection dropped or because no byte came for
 * the stall timeout ({@link StallWatchdog}), is resumed from the part file, up to
 * {@code attempts} attempts in all; after that the part stays for the next run to resume.
 */
final class ResumableFetch {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");
    private static final Pattern UNSATISFIED_RANGE = Pattern.compile("bytes \\*/(\\d+)");
    private static final int BUFFER_BYTES = 1 << 20;
    private static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(2);
    static final String USER_AGENT = "vitface-download/0.1 (java.net.http)";

    private final HttpClient http;
    private final Duration stallTimeout;
    private final int attempts;

    /**
     * @param stallTimeout how long a transfer may go without receiving a byte before it is given up
     * @param attempts     transfers per file, the first included, before the part is left for the next run
     */
    ResumableFetch(HttpClient http, Duration stallTimeout, int attempts) {
        if (stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("stall timeout must be positive, got " + stallTimeout);
        }
        if (attempts < 1) throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
        this.http = http;
        this.stallTimeout = stallTimeout;
        this.attempts = attempts;
    }

    /** A transfer that stopped before its end; what was received is in the part file. */
    static final class TransferStopped extends Exception {
        TransferStopped(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Ensures {@code part} holds the whole of {@code uri}.
     *
     * @param file name used in messages
     */
    void fetch(String file, URI uri, Path part, Progress progress) throws DownloadException, InterruptedException {
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            try (FileLock lock = lockOrFail(file, part, out)) {
                for (int attempt = 1; ; attempt++) {
                    try {
                        fetchLocked(file, uri, part, out, progress, true);
                        return;
                    } catch (TransferStopped e) {
                        if (attempt == attempts) {
                            progress.stopped(file + ": giving up after " + attempts + " attempts");
                            throw new DownloadException(FailureText.of(e) + "; run the same command again to resume", e);
                        }
                        progress.stopped(FailureText.of(e) + "; resuming (attempt " + (attempt + 1) + " of " + attempts + ")");
                    }
                }
            }
        } catch (IOException e) {
            throw new DownloadException(file + ": cannot write " + part + ": " + FailureText.of(e), e);
        }
    }

    private static FileLock lockOrFail(String file, Path part, FileChannel out) throws IOException, DownloadException {
        try {
            FileLock lock = out.tryLock();
            if (lock != null) return lock;
        } catch (OverlappingFileLockException e) {
            // held by this JVM: handled below like a lock held by another process
        }
        throw new DownloadException(file + ": another download is writing " + part + "; wait for it to finish");
    }

    private void fetchLocked(String file, URI uri, Path part, FileChannel out, Progress progress, boolean mayRestart)
            throws IOException, DownloadException, InterruptedException, TransferStopped {
        long have = out.size();
        HttpResponse<InputStream> response = send(file, uri, have);
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 416 && have > 0) {
                long total = unsatisfiedRangeTotal(response);
                if (total == have) return; // an earlier run received everything
                if (!mayRestart) throw new DownloadException(file + ": server refused the range twice (HTTP 416) for " + uri);
                out.truncate(0);
                fetchLocked(file, uri, part, out, progress, false);
                return;
            }
            long start;
            long total;
            if (status == 206 && have > 0) {
                long[] range = contentRange(file, response);
                if (range[0] != have) {
                    throw new DownloadException(file + ": asked for bytes from " + have + ", server sent from " + range[0]
                            + "; delete " + part + " and run again");
                }
                start = have;
                total = range[2];
            } else if (status == 200) {
                // A fresh download, or a server that ignores Range: either way the body is the whole file.
                start = 0;
                total = contentLength(file, response);
                out.truncate(0);
            } else {
                throw new DownloadException(statusMessage(file, uri, status));
            }
            out.position(start);
            try {
                receive(file, body, out, start, total, progress, stallTimeout);
            } catch (DownloadException e) { // the server sent more than it announced: nothing here is trustworthy
                out.truncate(0);
                throw e;
            }
        }
    }

    private HttpResponse<InputStream> send(String file, URI uri, long have) throws DownloadException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(RESPONSE_TIMEOUT)
                .header("User-Agent", USER_AGENT);
        if (have > 0) request.header("Range", "bytes=" + have + "-");
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw new DownloadException(file + ": cannot connect to " + uri.getHost() + " ("
                    + ConnectFailure.describe(e, uri.getHost()) + "); check the network, or --endpoint / HF_ENDPOINT", e);
        } catch (HttpTimeoutException e) {
            throw new DownloadException(file + ": no response from " + uri.getHost() + " within "
                    + RESPONSE_TIMEOUT.toSeconds() + " s; run the same command again to retry", e);
        } catch (IOException e) {
            throw new DownloadException(file + ": request to " + uri + " failed: " + FailureText.of(e)
                    + "; run the same command again to retry", e);
        }
    }

    /**
     * Copies the body into {@code out}, which stands at {@code start}, until {@code total} bytes
     * are there. A body that ends early, fails, or stalls is a {@link TransferStopped}; one longer
     * than {@code total} is a {@link DownloadException}, and nothing past {@code total} is written.
     */
    static void receive(String file, InputStream body, WritableByteChannel out, long start, long total,
                        Progress progress, Duration stallTimeout) throws IOException, DownloadException, TransferStopped {
        progress.begin(file, start, total);
        long have = start;
        byte[] buffer = new byte[BUFFER_BYTES];
        try (StallWatchdog watchdog = new StallWatchdog(stallTimeout, body)) {
            while (true) {
                int n;
                try {
                    n = body.read(buffer);
                } catch (IOException e) {
                    if (watchdog.fired()) throw stalled(file, have, total, stallTimeout);
                    throw interrupted(file, have, total, "connection error: " + FailureText.of(e), e);
                }
                if (n < 0) break;
                watchdog.progressed();
                if (n > total - have) {
                    throw new DownloadException(file + ": server sent more than the announced " + total
                            + " bytes; the partial file was discarded, run again");
                }
                // An IOException here is the disk's, not the network's: no retry, fetch reports it.
                writeFully(out, ByteBuffer.wrap(buffer, 0, n));
                have += n;
                progress.advance(have);
            }
            if (have != total) {
                if (watchdog.fired()) throw stalled(file, have, total, stallTimeout);
                throw interrupted(file, have, total, "the server closed the connection", null);
            }
        }
        progress.end();
    }

    /** A channel may write fewer bytes than asked ({@link WritableByteChannel#write}): write until none is left. */
    private static void writeFully(WritableByteChannel out, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) out.write(bytes);
    }

    private static TransferStopped interrupted(String file, long have, long total, String why, IOException cause) {
        return new TransferStopped(file + ": transfer interrupted after " + have + " of " + total + " bytes (" + why + ")", cause);
    }

    private static TransferStopped stalled(String file, long have, long total, Duration stallTimeout) {
        return new TransferStopped(file + ": no data for " + seconds(stallTimeout) + " after " + have + " of " + total
                + " bytes (the transfer stalled)", null);
    }

    /** "60 s", "1.5 s". */
    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }

    private static long contentLength(String file, HttpResponse<?> response) throws DownloadException {
        OptionalLong length = response.headers().firstValueAsLong("Content-Length");
        if (length.isEmpty() || length.getAsLong() < 0) {
            throw new DownloadException(file + ": server sent no Content-Length, so completeness cannot be checked");
        }
        return length.getAsLong();
    }

    /** {@code Content-Range: bytes START-END/TOTAL} as {START, END, TOTAL}, checked for consistency. */
    private static long[] contentRange(String file, HttpResponse<?> response) throws DownloadException {
        String header = response.headers().firstValue("Content-Range").orElse("");
        Matcher m = CONTENT_RANGE.matcher(header);
        try {
            if (m.matches()) {
                long start = Long.parseLong(m.group(1));
                long end = Long.parseLong(m.group(2));
                long total = Long.parseLong(m.group(3));
                if (start <= end && end < total) return new long[] {start, end, total};
            }
        } catch (NumberFormatException e) {
            // numbers beyond 2^63: reported below like any malformed header
        }
        throw new DownloadException(file + ": server answered 206 with an unusable Content-Range '" + header + "'");
    }

    /** The file size from a 416's {@code Content-Range: bytes *}{@code /TOTAL}, or -1 if absent. */
    private static long unsatisfiedRangeTotal(HttpResponse<?> response) {
        Matcher m = UNSATISFIED_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
        try {
            return m.matches() ? Long.parseLong(m.group(1)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String statusMessage(String file, URI uri, int status) {
        String hint = switch (status) {
            case 401, 403 -> "the repository may be private or gated; vitface download sends no credentials";
            case 404 -> "no such file: check --repo and --revision";
            case 429 -> "rate limited: wait a little, then run the same command again";
            default -> status >= 500 ? "server error: run the same command again later" : "unexpected answer";
        };
        return file + ": HTTP " + status + " from " + uri + " (" + hint + ")";
    }
}
