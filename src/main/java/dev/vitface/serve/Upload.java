package dev.vitface.serve;

import com.sun.net.httpserver.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * The image bytes of a {@code POST /v1/analyze}: the raw body under an {@code image/*} content
 * type, or the {@code image} field of a {@code multipart/form-data} body. Held in memory only.
 */
final class Upload {
    private static final String FIELD = "image";

    private Upload() {}

    /**
     * @throws ApiException 415 for another content type, 413 over {@code maxBytes}, 400 for a
     *                      multipart body without an {@code image} field
     */
    static byte[] read(Headers headers, InputStream body, long maxBytes) throws IOException {
        String contentType = headers.getFirst("Content-Type");
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        boolean raw = mediaType.startsWith("image/");
        boolean multipart = mediaType.equals("multipart/form-data");
        if (!raw && !multipart) {
            throw new ApiException(415, contentType == null
                    ? "no Content-Type; send the image as image/* or as the 'image' field of multipart/form-data"
                    : "unsupported Content-Type '" + mediaType + "'; send image/* or multipart/form-data");
        }
        String declaredLength = headers.getFirst("Content-Length");
        if (declaredLength != null) {
            try {
                if (Long.parseLong(declaredLength.trim()) > maxBytes) throw tooLarge(maxBytes);
            } catch (NumberFormatException e) {
                throw new ApiException(400, "Content-Length is not a number");
            }
        }
        byte[] bytes = readAtMost(body, maxBytes);
        if (raw) return bytes;
        String boundary = MultipartForm.boundary(contentType);
        byte[] field = MultipartForm.field(bytes, boundary, FIELD);
        if (field == null) throw new ApiException(400, "the multipart form has no '" + FIELD + "' field");
        return field;
    }

    private static byte[] readAtMost(InputStream body, long maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = body.read(buffer)) > 0; ) {
            total += n;
            if (total > maxBytes) throw tooLarge(maxBytes);
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static ApiException tooLarge(long maxBytes) {
        return new ApiException(413, "the body is larger than the server's limit of " + maxBytes + " bytes");
    }
}
