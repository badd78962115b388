package dev.vitface.faces.blazeface;

import dev.vitface.safetensors.SafetensorsFile;
import dev.vitface.safetensors.TensorInfo;
import dev.vitface.util.FailureText;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A BlazeFace network's weights and structure, read from one of the safetensors files
 * {@code tools/convert_blazeface.py} wrote (F16, widened to float here: every weight is exactly
 * representable in fp16, the converter checks it). Immutable after loading.
 *
 * <p>A weight file bundled as a class-path resource is read from the jar into memory and checked
 * there as a file would be ({@link SafetensorsFile#ofBytes}; about 0.3 MB, once per detector).
 */
public final class BlazeFaceWeights {
    public final BlazeFaceGraph graph;
    /** [out, 3, k, k] */
    final float[] stemWeight;
    /** [out] */
    final float[] stemBias;
    /** per block: [channels, k, k] */
    final float[][] depthwise;
    /** per block: [out, in] */
    final float[][] pointwise;
    /** per block: [out] */
    final float[][] pointwiseBias;
    /** per head: [out, in] */
    final float[][] headWeight;
    /** per head: [out] */
    final float[][] headBias;

    private BlazeFaceWeights(BlazeFaceGraph graph, float[] stemWeight, float[] stemBias, float[][] depthwise,
                             float[][] pointwise, float[][] pointwiseBias, float[][] headWeight, float[][] headBias) {
        this.graph = graph;
        this.stemWeight = stemWeight;
        this.stemBias = stemBias;
        this.depthwise = depthwise;
        this.pointwise = pointwise;
        this.pointwiseBias = pointwiseBias;
        this.headWeight = headWeight;
        this.headBias = headBias;
    }

    /** Reads a bundled weight file ({@code resource} relative to this class). */
    public static BlazeFaceWeights fromResource(String resource, int inputSize) {
        byte[] bytes;
        try (InputStream in = BlazeFaceWeights.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("the jar lacks the BlazeFace weights " + resource);
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the BlazeFace weights " + resource + ": " + FailureText.of(e), e);
        }
        try (SafetensorsFile st = SafetensorsFile.ofBytes(Path.of(resource), bytes)) {
            return read(st, resource, inputSize);
        }
    }

    /** Reads a weight file; {@code name} is how errors call it. */
    public static BlazeFaceWeights read(Path file, String name, int inputSize) {
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            return read(st, name, inputSize);
        }
    }

    private static BlazeFaceWeights read(SafetensorsFile st, String name, int inputSize) {
        String json = st.metadata().get("graph");
        if (json == null) throw new IllegalArgumentException(name + ": no \"graph\" in the safetensors metadata");
        BlazeFaceGraph graph = BlazeFaceGraph.parse(name, inputSize, json);
        Reader r = new Reader(st, name);
        int c = graph.stem().out();
        int k = graph.stem().kernel();
        float[] stemW = r.take("stem.weight", c, 3, k, k);
        float[] stemB = r.take("stem.bias", c);
        int n = graph.blocks().size();
        float[][] dw = new float[n][], pw = new float[n][], pwb = new float[n][];
        for (int i = 0; i < n; i++) {
            BlazeFaceGraph.Block b = graph.blocks().get(i);
            dw[i] = r.take("blocks." + i + ".depthwise.weight", b.in(), 1, b.kernel(), b.kernel());
            pw[i] = r.take("blocks." + i + ".pointwise.weight", b.out(), b.in(), 1, 1);
            pwb[i] = r.take("blocks." + i + ".pointwise.bias", b.out());
        }
        int h = graph.heads().size();
        float[][] hw = new float[h][], hb = new float[h][];
        for (int i = 0; i < h; i++) {
            BlazeFaceGraph.Head head = graph.heads().get(i);
            int in = graph.blocks().get(head.block()).out();
            hw[i] = r.take("heads." + i + ".weight", head.out(), in, 1, 1);
            hb[i] = r.take("heads." + i + ".bias", head.out());
        }
        r.checkAllUsed();
        return new BlazeFaceWeights(graph, stemW, stemB, dw, pw, pwb, hw, hb);
    }

    /** Looks tensors up by name, checks their shapes, and remembers which were used. */
    private static final class Reader {
        private final SafetensorsFile file;
        private final String name;
        private final List<String> used = new ArrayList<>();

        Reader(SafetensorsFile file, String name) {
            this.file = file;
            this.name = name;
        }

        float[] take(String key, long... shape) {
            TensorInfo t = file.find(key).orElseThrow(
                    () -> new IllegalArgumentException(name + ": missing tensor " + key));
            if (!Arrays.equals(t.shape(), shape)) {
                throw new IllegalArgumentException(name + ": tensor " + key + " has shape " + t.shapeString()
                        + ", the graph needs " + Arrays.toString(shape));
            }
            used.add(key);
            return file.toFloatArray(t);
        }

        void checkAllUsed() {
            List<String> extra = file.tensors().stream().map(TensorInfo::name).filter(n -> !used.contains(n)).toList();
            if (!extra.isEmpty()) throw new IllegalArgumentException(name + ": tensors the graph does not use: " + extra);
        }
    }
}
