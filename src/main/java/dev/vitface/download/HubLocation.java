package dev.vitface.download;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Where a repository's files live on a Hugging Face Hub (or a mirror):
 * {@code {endpoint}/{repo}/resolve/{revision}/{file}}, the URL scheme of huggingface_hub's
 * {@code hf_hub_url}.
 */
public record HubLocation(URI endpoint, String repo, String revision) {
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    /** {@code name} or {@code owner/name}; letters, digits, '-', '_', '.'. */
    private static final Pattern REPO = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*/)?[A-Za-z0-9][A-Za-z0-9._-]*");

    public HubLocation {
        if (!"https".equals(endpoint.getScheme()) && !"http".equals(endpoint.getScheme()) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("endpoint must be an http(s) URL with a host, got '" + endpoint + "'");
        }
        if (!REPO.matcher(repo).matches() || repo.contains("..")) {
            throw new IllegalArgumentException("repository must look like owner/name, got '" + repo + "'");
        }
        if (revision.isBlank()) throw new IllegalArgumentException("revision must not be empty");
    }

    /** Parses an endpoint such as {@code https://huggingface.co} or {@code http://127.0.0.1:8080/mirror/}. */
    public static URI parseEndpoint(String text) {
        try {
            URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            if (uri.getQuery() != null || uri.getFragment() != null) {
                throw new IllegalArgumentException("endpoint must not have a query or fragment, got '" + text + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("endpoint is not a URL: '" + text + "'", e);
        }
    }

    /** The download URL of one file of the repository at this revision. */
    public URI fileUri(String file) {
        StringBuilder path = new StringBuilder(endpoint.toString()).append('/').append(repo).append("/resolve/")
                // A revision such as refs/pr/1 is one path segment: its slashes are encoded.
                .append(encodeSegment(revision));
        for (String segment : file.split("/")) path.append('/').append(encodeSegment(segment));
        return URI.create(path.toString());
    }

    /** RFC 3986 percent-encoding of everything but unreserved characters. */
    private static String encodeSegment(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            boolean unreserved = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (unreserved) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return repo + "@" + revision + " from " + endpoint;
    }
}
