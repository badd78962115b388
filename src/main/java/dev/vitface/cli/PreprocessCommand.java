package dev.vitface.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.vitface.preprocess.ClipImageProcessor;
import dev.vitface.preprocess.ImageDecodeException;
import dev.vitface.preprocess.ImageDecoder;
import dev.vitface.preprocess.PreprocessorConfigException;
import dev.vitface.preprocess.PreprocessorConfigReader;
import dev.vitface.preprocess.RgbImage;
import dev.vitface.safetensors.SafetensorsWriter;
import dev.vitface.safetensors.TensorSpec;
import dev.vitface.util.FailureText;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code vitface preprocess}: runs images through the model's CLIPImageProcessor settings and
 * writes what each stage produced to a safetensors file, for checking against transformers.
 */
public final class PreprocessCommand implements Command {

    @Override
    public String name() {
        return "preprocess";
    }

    @Override
    public String summary() {
        return "decode and preprocess images as transformers does; write the tensors";
    }

    @Override
    public String usage() {
        return """
                Usage: vitface preprocess --model DIR --out FILE [--exif-transpose] [--max-pixels N] IMAGE...

                Decodes each image as Pillow does, resizes and normalises it with the settings of
                DIR/preprocessor_config.json (transformers' CLIPImageProcessor), and writes FILE, a
                safetensors file with, per image NAME (its file name):
                  NAME.resized       U8  [h, w, 3]  after the bicubic resize, before the crop
                  NAME.pixel_values  F32 [3, H, W]  the model input
                and __metadata__.index, the JSON list of the images written.

                Options:
                  --model DIR        model folder holding preprocessor_config.json
                  --out FILE         the safetensors file to write (replaced if it exists)
                  --exif-transpose   apply EXIF orientation first (transformers does not)
                  --max-pixels N     refuse larger images (default %d, twice Pillow's limit)

                An image that fails is reported and skipped; the exit code is then 1.""".formatted(ImageDecoder.DEFAULT_PIXEL_LIMIT);
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args args = Args.parse(argv, Set.of("model", "out", "max-pixels"), Set.of("exif-transpose"));
        Path modelDir = Path.of(args.required("model"));
        Path outFile = Path.of(args.required("out"));
        List<String> images = args.positional();
        if (images.isEmpty()) throw new UsageException("no images given");
        int maxPixels = args.intValue("max-pixels", (int) ImageDecoder.DEFAULT_PIXEL_LIMIT, 1, Integer.MAX_VALUE);
        ImageDecoder decoder = new ImageDecoder(maxPixels, args.flag("exif-transpose"));

        ClipImageProcessor processor;
        try {
            processor = new ClipImageProcessor(PreprocessorConfigReader.read(modelDir));
        } catch (PreprocessorConfigException e) {
            err.println("vitface preprocess: " + FailureText.of(e));
            return ExitCodes.FAILURE;
        }

        List<TensorSpec> tensors = new ArrayList<>();
        JsonArray index = new JsonArray();
        Set<String> names = new HashSet<>();
        int failed = 0;
        for (String image : images) {
            Path file = Path.of(image);
            String name = String.valueOf(file.getFileName());
            if (!names.add(name)) {
                err.println("vitface preprocess: " + file + ": another image is also named '" + name + "'; skipped");
                failed++;
                continue;
            }
            try {
                RgbImage decoded = decoder.decode(file);
                RgbImage resized = processor.resize(decoded);
                float[] pixelValues = processor.pixelValuesOfResized(resized);
                tensors.add(TensorSpec.u8(name + ".resized", new long[] {resized.height(), resized.width(), 3}, resized.rgb()));
                tensors.add(TensorSpec.f32(name + ".pixel_values", processor.pixelValuesShape(resized), pixelValues));
                JsonObject entry = new JsonObject();
                entry.addProperty("file", name);
                index.add(entry);
                out.printf("%s: %dx%d, resized to %dx%d%n", file, decoded.width(), decoded.height(), resized.width(), resized.height());
            } catch (ImageDecodeException e) {
                err.println("vitface preprocess: " + FailureText.of(e));
                failed++;
            }
        }
        if (tensors.isEmpty()) {
            err.println("vitface preprocess: no image could be processed; " + outFile + " not written");
            return ExitCodes.FAILURE;
        }
        try {
            SafetensorsWriter.write(outFile, Map.of("index", index.toString()), tensors);
        } catch (IOException e) {
            err.println("vitface preprocess: cannot write " + outFile + " (" + FailureText.of(e) + ")");
            return ExitCodes.FAILURE;
        }
        out.printf("wrote %s: %d of %d images%n", outFile, index.size(), images.size());
        return failed == 0 ? ExitCodes.SUCCESS : ExitCodes.FAILURE;
    }
}
