package dev.vitface.serve;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough of RFC 7578 {@code multipart/form-data} to take one field's bytes out of a body held in memory. */
final class MultipartForm {
    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(\"([^\"]+)\"|([^;\\s]+))");
    private static final Pattern NAME = Pattern.compile("(?i)\\bname=\"([^\"]*)\"");
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

    private MultipartForm() {}

    static String boundary(String contentType) {
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) throw new ApiException(400, "multipart/form-data without a boundary");
        String boundary = m.group(2) != null ? m.group(2) : m.group(3);
        if (boundary.length() > 70) throw new ApiException(400, "multipart boundary longer than 70 characters");
        return boundary;
    }

    /**
     * The content of the first part named {@code name}, or null when there is none.
     *
     * @throws ApiException 400 when the body does not follow the multipart framing
     */
    static byte[] field(byte[] body, String boundary, String name) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] nextDelimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(body, delimiter, 0);
        if (at < 0) throw malformed("no boundary line");
        at += delimiter.length;
        while (true) {
            if (startsWith(body, at, new byte[] {'-', '-'})) return null; // the closing delimiter
            if (!startsWith(body, at, CRLF)) throw malformed("a boundary line not followed by CRLF");
            int headersStart = at + 2;
            int headersEnd = indexOf(body, HEADER_END, headersStart);
            if (headersEnd < 0) throw malformed("a part without the blank line after its headers");
            int contentStart = headersEnd + HEADER_END.length;
            int contentEnd = indexOf(body, nextDelimiter, contentStart);
            if (contentEnd < 0) throw malformed("a part without a closing boundary");
            if (name.equals(partName(new String(body, headersStart, headersEnd - headersStart, StandardCharsets.ISO_8859_1)))) {
                return Arrays.copyOfRange(body, contentStart, contentEnd);
            }
            at = contentEnd + nextDelimiter.length;
        }
    }

    private static String partName(String headers) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0 || !line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-disposition")) continue;
            Matcher m = NAME.matcher(line.substring(colon + 1));
            if (m.find()) return m.group(1);
        }
        return null;
    }

    private static ApiException malformed(String what) {
        return new ApiException(400, "malformed multipart/form-data body: " + what);
    }

    private static boolean startsWith(byte[] data, int at, byte[] prefix) {
        return at + prefix.length <= data.length && Arrays.equals(data, at, at + prefix.length, prefix, 0, prefix.length);
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) continue outer;
            }
            return i;
        }
        return -1;
    }
}
