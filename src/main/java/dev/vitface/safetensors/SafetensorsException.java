package dev.vitface.safetensors;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The one error the safetensors reader throws: a file that breaks a format rule, a tensor that is
 * missing or of the wrong dtype, or an I/O failure while reading. The message names the file
 * (its file name), the tensor when there is one, and the rule:
 * {@code "model.safetensors: tensor 'age_head.bias': data_offsets [0, 40) hold 40 bytes but ..."}.
 */
public final class SafetensorsException extends RuntimeException {
    private final transient Path file;
    private final String tensor;

    public SafetensorsException(Path file, String tensorOrNull, String rule) {
        this(file, tensorOrNull, rule, null);
    }

    SafetensorsException(Path file, String tensorOrNull, String rule, Throwable cause) {
        super(format(file, tensorOrNull, rule), cause);
        this.file = Objects.requireNonNull(file, "file");
        this.tensor = tensorOrNull;
    }

    public Path file() {
        return file;
    }

    public Optional<String> tensor() {
        return Optional.ofNullable(tensor);
    }

    private static String format(Path file, String tensor, String rule) {
        Path name = file.getFileName();
        String prefix = (name == null ? file : name) + ": ";
        return tensor == null ? prefix + rule : prefix + "tensor '" + printable(tensor) + "': " + rule;
    }

    /**
     * Tensor names come from the file and may hold control characters; escape them so that a
     * hostile name cannot forge extra lines in a log.
     */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c) && !validSurrogateAt(s, i)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean validSurrogateAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
