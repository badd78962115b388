package dev.vitface.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.stream.Collectors;

/** The web page and the OpenAPI document, read from the jar once: plain files, no build step. */
final class StaticFiles {
    record File(String contentType, byte[] bytes) {}

    /** URL path → resource under {@code dev/vitface/serve/web/}. */
    private static final Map<String, String[]> ROUTES = Map.of(
            "/", new String[] {"index.html", "text/html; charset=utf-8"},
            "/app.js", new String[] {"app.js", "text/javascript; charset=utf-8"},
            "/style.css", new String[] {"style.css", "text/css; charset=utf-8"},
            "/openapi.json", new String[] {"openapi.json", "application/json; charset=utf-8"});

    private final Map<String, File> files;

    private StaticFiles(Map<String, File> files) {
        this.files = files;
    }

    static StaticFiles load() {
        return new StaticFiles(Map.copyOf(ROUTES.entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey, e -> new File(e.getValue()[1], read(e.getValue()[0]))))));
    }

    /** The file served at {@code path}, or null. */
    File get(String path) {
        return files.get(path);
    }

    static byte[] read(String name) {
        String resource = "web/" + name;
        try (InputStream in = StaticFiles.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("the jar lacks dev/vitface/serve/" + resource);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dev/vitface/serve/" + resource + " from the jar", e);
        }
    }
}
