package dev.vitface.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MultipartFormTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void takesTheNamedFieldWhateverComesAroundIt() {
        byte[] content = {0, '\r', '\n', '-', '-', 'x', (byte) 0xFF, '\r', '\n'};
        byte[] body = ServeClient.multipart("XyZ", "image", content);
        assertArrayEquals(content, MultipartForm.field(body, "XyZ", "image"));
        assertNull(MultipartForm.field(body, "XyZ", "photo"));
        assertArrayEquals(bytes("hello"), MultipartForm.field(body, "XyZ", "note"));
    }

    @Test
    void readsQuotedAndPlainBoundaries() {
        assertEquals("abc", MultipartForm.boundary("multipart/form-data; boundary=abc"));
        assertEquals("a b;c", MultipartForm.boundary("multipart/form-data; boundary=\"a b;c\"; charset=utf-8"));
        assertEquals(400, assertThrows(ApiException.class, () -> MultipartForm.boundary("multipart/form-data")).status());
    }

    @Test
    void aBrokenFrameIs400() {
        ApiException noStart = assertThrows(ApiException.class, () -> MultipartForm.field(bytes("junk"), "b", "image"));
        assertEquals("malformed multipart/form-data body: no boundary line", noStart.getMessage());
        ApiException noEnd = assertThrows(ApiException.class, () -> MultipartForm.field(
                bytes("--b\r\nContent-Disposition: form-data; name=\"image\"\r\n\r\nunterminated"), "b", "image"));
        assertEquals(400, noEnd.status());
        ApiException noHeaders = assertThrows(ApiException.class,
                () -> MultipartForm.field(bytes("--b\r\nContent-Disposition: form-data"), "b", "image"));
        assertEquals(400, noHeaders.status());
    }
}
