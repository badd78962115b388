package dev.vitface.download;

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
 */
final class ResumableFetch {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");
    private static final Pattern UNSATISFIED_RANGE = Pattern.compile("bytes \\*/(\\d+)");
    private static final int BUFFER_BYTES = 1 << 20;
    private static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(2);
    static final String USER_AGENT = "vitface-download/0.1 (java.net.http)";

    private final HttpClient http;

    ResumableFetch(HttpClient http) {
        this.http = http;
    }

    /**
     * Ensures {@code part} holds the whole of {@code uri}.
     *
     * @param file name used in messages
     */
    void fetch(String file, URI uri, Path part, Progress progress) throws DownloadException, InterruptedException {
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            try (FileLock lock = lockOrFail(file, part, out)) {
                fetchLocked(file, uri, part, out, progress, true);
            }
        } catch (IOException e) {
            throw new DownloadException(file + ": cannot write " + part + ": " + e.getMessage(), e);
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
            throws IOException, DownloadException, InterruptedException {
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
            receive(file, body, out, start, total, progress);
        }
    }

    private HttpResponse<InputStream> send(String file, URI uri, long have) throws DownloadException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(RESPONSE_TIMEOUT)
                .header("User-Agent", USER_AGENT);
        if (have > 0) request.header("Range", "bytes=" + have + "-");
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw new DownloadException(file + ": cannot connect to " + uri.getHost() + " (" + e.getMessage()
                    + "); check the network, or --endpoint / HF_ENDPOINT", e);
        } catch (HttpTimeoutException e) {
            throw new DownloadException(file + ": no response from " + uri.getHost() + " within "
                    + RESPONSE_TIMEOUT.toSeconds() + " s; run the same command again to retry", e);
        } catch (IOException e) {
            throw new DownloadException(file + ": request to " + uri + " failed: " + e.getMessage()
                    + "; run the same command again to retry", e);
        }
    }

    private static void receive(String file, InputStream body, FileChannel out, long start, long total, Progress progress)
            throws IOException, DownloadException {
        progress.begin(file, start, total);
        long have = start;
        byte[] buffer = new byte[BUFFER_BYTES];
        try {
            for (int n; (n = body.read(buffer)) >= 0; ) {
                if (n > total - have) {
                    out.truncate(0);
                    throw new DownloadException(file + ": server sent more than the announced " + total
                            + " bytes; the partial file was discarded, run again");
                }
                out.write(ByteBuffer.wrap(buffer, 0, n), have);
                have += n;
                progress.advance(have);
            }
        } catch (IOException e) {
            throw interrupted(file, have, total, e);
        }
        if (have != total) throw interrupted(file, have, total, null);
        progress.end();
    }

    private static DownloadException interrupted(String file, long have, long total, IOException cause) {
        return new DownloadException(file + ": transfer interrupted after " + have + " of " + total + " bytes"
                + (cause == null ? "" : " (connection error: " + cause.getMessage() + ")")
                + "; run the same command again to resume", cause);
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
