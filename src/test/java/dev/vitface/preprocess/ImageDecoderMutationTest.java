package dev.vitface.preprocess;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzzing against Pillow: every recipe of fixtures/decode-mutations.json (a bit flip, a
 * truncation or a splice of a decode fixture, made by tools/make_decode_mutations.py) is re-created
 * and decoded. Nothing but {@link ImageDecodeException} may escape, every message names the file
 * and the fault, and the accept/reject verdict agrees with Pillow 9.4's
 * {@code Image.open(file).convert("RGB")} on at least 99 % of the mutations. Where both accept,
 * the pixels are compared too (sha256 of the RGB bytes): reported, and held to 98 %.
 */
class ImageDecoderMutationTest {
    private static final double REQUIRED_AGREEMENT = 0.99;
    /**
     * Where both accept. The known exceptions are JPEGs with absurd quantised coefficients (a bit
     * flipped in a quantisation table, or spliced entropy data), where libjpeg-turbo's SIMD IDCT
     * overflows differently from its own C code, which the JDK's matches (libjpeg-turbo's djpeg
     * gives other pixels for these three files with JSIMD_FORCENONE=1).
     */
    private static final double REQUIRED_PIXEL_AGREEMENT = 0.98;
    private static final ImageDecoder DECODER = ImageDecoder.defaults();

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void verdictsAgreeWithPillow() throws IOException {
        List<String> crashes = new ArrayList<>();
        List<String> badMessages = new ArrayList<>();
        List<String> verdictDisagreements = new ArrayList<>();
        List<String> pixelDisagreements = new ArrayList<>();
        Map<String, int[]> byFormatAndOp = new TreeMap<>(); // {mutations, verdicts agreeing}
        int bothAccepted = 0;
        JsonArray mutations = mutations();
        for (JsonElement element : mutations) {
            JsonObject mutation = element.getAsJsonObject();
            Path file = write(mutation);
            JsonObject pillow = mutation.getAsJsonObject("pillow");
            boolean pillowAccepts = pillow.get("verdict").getAsString().equals("accept");
            String outcome;
            RgbImage decoded = null;
            try {
                decoded = DECODER.decode(file);
                outcome = "accept";
            } catch (ImageDecodeException e) {
                outcome = "reject (" + e.getMessage().substring(file.toString().length() + 2) + ")";
                String problem = messageProblem(file, e);
                if (problem != null) badMessages.add(describe(mutation) + ": " + problem + ": " + e.getMessage());
            } catch (RuntimeException | Error e) {
                crashes.add(describe(mutation) + ": " + e);
                continue;
            }
            boolean agrees = (decoded != null) == pillowAccepts;
            int[] counts = byFormatAndOp.computeIfAbsent(format(mutation) + " " + mutation.get("op").getAsString(),
                    k -> new int[2]);
            counts[0]++;
            if (agrees) counts[1]++;
            if (!agrees) {
                verdictDisagreements.add(describe(mutation) + ": here " + outcome + ", Pillow "
                        + (pillowAccepts ? "accept" : "reject (" + pillow.get("error").getAsString() + ")"));
            } else if (decoded != null) {
                bothAccepted++;
                String pixels = pixelMismatch(decoded, pillow);
                if (pixels != null) pixelDisagreements.add(describe(mutation) + ": " + pixels);
            }
        }
        int total = mutations.size();
        int agreeing = total - crashes.size() - verdictDisagreements.size();
        System.out.printf("mutation fuzz: verdicts agree with Pillow on %d of %d (%.2f %%); pixels on %d of %d both accept%n",
                agreeing, total, 100.0 * agreeing / total, bothAccepted - pixelDisagreements.size(), bothAccepted);
        byFormatAndOp.forEach((key, c) -> System.out.printf("  %-14s %3d mutations, %3d agree%n", key, c[0], c[1]));
        verdictDisagreements.forEach(d -> System.out.println("  verdict differs: " + d));
        pixelDisagreements.forEach(d -> System.out.println("  pixels differ: " + d));

        assertTrue(crashes.isEmpty(), "exceptions other than ImageDecodeException:\n" + String.join("\n", crashes));
        assertTrue(badMessages.isEmpty(), "messages that do not name the file and the fault:\n" + String.join("\n", badMessages));
        assertTrue(bothAccepted - pixelDisagreements.size() >= REQUIRED_PIXEL_AGREEMENT * bothAccepted,
                "pixels differ from Pillow's on " + pixelDisagreements.size() + " of " + bothAccepted + " images both accept:\n"
                        + String.join("\n", pixelDisagreements));
        assertTrue(agreeing >= REQUIRED_AGREEMENT * total, agreeing + " of " + total + " verdicts agree with Pillow:\n"
                + String.join("\n", verdictDisagreements));
    }

    /** Null if the message is "FILE: fault", with a fault that says something. */
    private static String messageProblem(Path file, ImageDecodeException e) {
        String message = e.getMessage();
        if (!file.equals(e.file())) return "reports another file";
        if (!message.startsWith(file + ": ")) return "does not start with the file";
        String fault = message.substring(file.toString().length() + 2);
        if (fault.isBlank()) return "names no fault";
        if (message.contains("null")) return "prints null";
        return null;
    }

    private static String pixelMismatch(RgbImage decoded, JsonObject pillow) {
        JsonArray size = pillow.getAsJsonArray("size");
        if (decoded.width() != size.get(0).getAsInt() || decoded.height() != size.get(1).getAsInt()) {
            return "size " + decoded.width() + "x" + decoded.height() + ", Pillow " + size.get(0) + "x" + size.get(1);
        }
        String sha = sha256(decoded.rgb());
        return sha.equals(pillow.get("rgb_sha256").getAsString()) ? null : "RGB sha256 " + sha + ", Pillow's differs";
    }

    /** The mutated file, made as tools/make_decode_mutations.py's apply() makes it. */
    private Path write(JsonObject mutation) throws IOException {
        String source = mutation.get("source").getAsString();
        byte[] data = Files.readAllBytes(Fixtures.path("decode/" + source));
        byte[] mutated = switch (mutation.get("op").getAsString()) {
            case "truncate" -> Arrays.copyOf(data, mutation.get("length").getAsInt());
            case "flip" -> {
                byte[] copy = data.clone();
                copy[mutation.get("offset").getAsInt()] ^= (byte) (1 << mutation.get("bit").getAsInt());
                yield copy;
            }
            case "splice" -> {
                byte[] other = Files.readAllBytes(Fixtures.path("decode/" + mutation.get("other").getAsString()));
                int at = mutation.get("at").getAsInt();
                int from = mutation.get("from").getAsInt();
                byte[] spliced = Arrays.copyOf(data, at + other.length - from);
                System.arraycopy(other, from, spliced, at, other.length - from);
                yield spliced;
            }
            default -> throw new IllegalArgumentException("unknown operation in " + mutation);
        };
        String name = "m%03d-%s-%s".formatted(mutation.get("id").getAsInt(), mutation.get("op").getAsString(), source);
        return Files.write(dir.resolve(name), mutated);
    }

    private static String describe(JsonObject mutation) {
        JsonObject recipe = mutation.deepCopy();
        recipe.remove("pillow");
        return recipe.toString();
    }

    private static String format(JsonObject mutation) {
        String source = mutation.get("source").getAsString();
        String extension = source.substring(source.lastIndexOf('.') + 1);
        return extension.equals("jpg") ? "jpeg" : extension;
    }

    private static JsonArray mutations() throws IOException {
        String json = Files.readString(Fixtures.path("decode-mutations.json"));
        return JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("mutations");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }
}
