package dev.vitface.download;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.vitface.safetensors.SafetensorsFile;
import dev.vitface.safetensors.SafetensorsException;
import dev.vitface.util.FailureText;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks a downloaded file before it is put in place: a {@code .safetensors} file must pass
 * {@link SafetensorsFile#open}'s full header validation, a {@code .json} file must be one strict
 * JSON object. A file of another kind is taken as it is.
 */
final class DownloadedFileCheck {
    private DownloadedFileCheck() {}

    /** @return a short description for the summary, such as "45 tensors" */
    static String check(String file, Path path) throws DownloadException {
        if (file.endsWith(".safetensors")) return checkSafetensors(file, path);
        if (file.endsWith(".json")) return checkJson(file, path);
        return "not checked";
    }

    private static String checkSafetensors(String file, Path path) throws DownloadException {
        try (SafetensorsFile st = SafetensorsFile.open(path)) {
            return st.tensors().size() + " tensors";
        } catch (SafetensorsException e) {
            throw new DownloadException(file + ": the downloaded file is not a valid safetensors file ("
                    + FailureText.of(e) + ")", e);
        }
    }

    private static String checkJson(String file, Path path) throws DownloadException {
        try (Reader text = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            JsonReader json = new JsonReader(text);
            json.setStrictness(Strictness.STRICT);
            JsonElement root = JsonParser.parseReader(json);
            if (json.peek() != JsonToken.END_DOCUMENT) throw new JsonParseException("data after the JSON value");
            if (!root.isJsonObject()) throw new JsonParseException("not a JSON object");
            return root.getAsJsonObject().size() + " keys";
        } catch (IOException | JsonParseException e) {
            // MalformedInputException (bad UTF-8) is an IOException: also a broken download.
            throw new DownloadException(file + ": the downloaded file is not valid JSON (" + FailureText.of(e) + ")", e);
        }
    }
}
