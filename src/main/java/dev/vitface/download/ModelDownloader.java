package dev.vitface.download;

import dev.vitface.util.FailureText;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Downloads a list of files of a Hub repository into a folder. Each file travels as
 * {@code FILE.part} (resumable), is checked ({@link DownloadedFileCheck}) once complete, and only
 * then is renamed to {@code FILE} in one atomic step, so {@code FILE} is never partial or corrupt.
 * A part that fails its check is deleted, so that the next run fetches it afresh instead of
 * resuming garbage. A {@code FILE} already present and valid is kept.
 */
public final class ModelDownloader {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);
    /** Transfers per file and run: the first and two resumptions after a stall or a dropped connection. */
    public static final int ATTEMPTS = 3;

    private final ResumableFetch fetch;
    private final Progress progress;
    private final PrintStream log;

    /**
     * @param progress reports each transfer
     * @param log      where one-line notes go (skipped files, checks)
     */
    public ModelDownloader(HttpClient http, Progress progress, PrintStream log) {
        this(http, DEFAULT_STALL_TIMEOUT, progress, log);
    }

    /**
     * @param stallTimeout how long a transfer may receive nothing before it is given up and
     *                     resumed (a server that stops sending would otherwise hang the download)
     * @param progress     reports each transfer
     * @param log          where one-line notes go (skipped files, checks)
     */
    public ModelDownloader(HttpClient http, Duration stallTimeout, Progress progress, PrintStream log) {
        this.fetch = new ResumableFetch(http, stallTimeout, ATTEMPTS);
        this.progress = progress;
        this.log = log;
    }

    /** An HTTP client that follows redirects (the Hub sends large files to a CDN), never to plain HTTP from HTTPS. */
    public static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    /** One line per file: {@code "model.safetensors (1.2 GB, 398 tensors)"}. */
    public List<String> download(HubLocation hub, List<String> files, Path folder) throws DownloadException, InterruptedException {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new DownloadException("cannot create " + folder + ": " + FailureText.of(e), e);
        }
        List<String> summary = new ArrayList<>();
        for (String file : files) summary.add(downloadOne(hub, file, folder));
        return summary;
    }

    private String downloadOne(HubLocation hub, String file, Path folder) throws DownloadException, InterruptedException {
        Path target = folder.resolve(file);
        Path part = folder.resolve(file + ".part");
        if (Files.isRegularFile(target)) {
            try {
                String checked = DownloadedFileCheck.check(file, target);
                log.println(file + ": already present and valid, kept (delete it to download again)");
                return describe(file, target, checked);
            } catch (DownloadException e) {
                log.println(file + ": present but invalid, downloading it again");
            }
        }
        try {
            Files.createDirectories(part.getParent());
        } catch (IOException e) {
            throw new DownloadException(file + ": cannot create " + part.getParent() + ": " + FailureText.of(e), e);
        }
        try {
            fetch.fetch(file, hub.fileUri(file), part, progress);
        } catch (DownloadException e) {
            deleteIfEmpty(part); // nothing to resume: do not leave an empty part behind a 404
            throw e;
        }
        String checked;
        try {
            checked = DownloadedFileCheck.check(file, part);
        } catch (DownloadException e) {
            deleteQuietly(part);
            throw new DownloadException(FailureText.of(e) + "; it was deleted, not installed. Run the same command "
                    + "again to download it afresh; if this repeats, the file on the server is damaged", e);
        }
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new DownloadException(file + ": cannot rename " + part + " to " + target + ": " + FailureText.of(e), e);
        }
        return describe(file, target, checked);
    }

    private static String describe(String file, Path path, String checked) throws DownloadException {
        try {
            return file + " (" + Progress.size(Files.size(path)) + ", " + checked + ")";
        } catch (IOException e) {
            throw new DownloadException(file + ": cannot read " + path + ": " + FailureText.of(e), e);
        }
    }

    private void deleteIfEmpty(Path part) {
        try {
            if (Files.isRegularFile(part) && Files.size(part) == 0) Files.delete(part);
        } catch (IOException e) {
            log.println("could not delete the empty " + part + " (" + FailureText.of(e) + ")");
        }
    }

    private void deleteQuietly(Path part) {
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            log.println("could not delete " + part + " (" + FailureText.of(e) + "); delete it by hand before retrying");
        }
    }
}
