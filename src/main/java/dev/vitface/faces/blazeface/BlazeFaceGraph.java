package dev.vitface.faces.blazeface;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;

/**
 * The structure of one BlazeFace network, as {@code tools/convert_blazeface.py} read it from the
 * ONNX graph and stored it (JSON) in the safetensors {@code __metadata__} under {@code "graph"}.
 * Nothing here is assumed: the asymmetric TensorFlow-SAME pads, the strides, which blocks max-pool
 * or widen their shortcut, which block feeds which head all come from the file.
 *
 * @param inputSize the square input side (128 or 256)
 * @param stem      the dense 5×5 convolution on the 3 input channels
 * @param blocks    the residual blocks, in order
 * @param heads     the four output heads, in the ONNX output order (scores 16×16, scores 8×8,
 *                  regressors 16×16, regressors 8×8)
 */
public record BlazeFaceGraph(int inputSize, Stem stem, List<Block> blocks, List<Head> heads) {

    /** Pads are ONNX's order: (top, left, bottom, right). */
    public record Stem(int kernel, int stride, int[] pads, int out) {}

    /**
     * {@code relu(pointwise(depthwise(x)) + shortcut(x))}; the shortcut is {@code x} ("identity"),
     * {@code maxpool2x2(x)} ("maxpool") or absent ("none"), then {@code padChannels} zero channels
     * appended when the block widens.
     */
    public record Block(int in, int out, int kernel, int stride, int[] pads, Shortcut shortcut, int padChannels) {}

    public enum Shortcut { IDENTITY, MAXPOOL, NONE }

    /**
     * A 1×1 convolution on the output of {@code block}, reshaped NHWC to rows of {@code values}.
     *
     * @param output the ONNX output name it produces ({@code Identity:0} ...)
     */
    public record Head(String output, int block, int out, int values) {
        /** Anchors per feature-map cell. */
        public int anchorsPerCell() {
            return out / values;
        }
    }

    /** Parses and checks the JSON the converter wrote; {@code source} names the file in errors. */
    public static BlazeFaceGraph parse(String source, int inputSize, String json) {
        try {
            JsonObject root = JsonParser.parseString(json).getAsJsonObject();
            JsonObject s = root.getAsJsonObject("stem");
            Stem stem = new Stem(s.get("kernel").getAsInt(), s.get("stride").getAsInt(), ints(s.getAsJsonArray("pads")),
                    s.get("out").getAsInt());
            List<Block> blocks = new ArrayList<>();
            for (JsonElement e : root.getAsJsonArray("blocks")) {
                JsonObject b = e.getAsJsonObject();
                blocks.add(new Block(b.get("in").getAsInt(), b.get("out").getAsInt(), b.get("kernel").getAsInt(),
                        b.get("stride").getAsInt(), ints(b.getAsJsonArray("pads")),
                        Shortcut.valueOf(b.get("shortcut").getAsString().toUpperCase(java.util.Locale.ROOT)),
                        b.get("padChannels").getAsInt()));
            }
            List<Head> heads = new ArrayList<>();
            for (JsonElement e : root.getAsJsonArray("heads")) {
                JsonObject h = e.getAsJsonObject();
                heads.add(new Head(h.get("output").getAsString(), h.get("block").getAsInt(), h.get("out").getAsInt(),
                        h.get("values").getAsInt()));
            }
            BlazeFaceGraph graph = new BlazeFaceGraph(inputSize, stem, List.copyOf(blocks), List.copyOf(heads));
            graph.check(source);
            return graph;
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().startsWith(source)) throw e;
            throw new IllegalArgumentException(source + ": unreadable BlazeFace graph description: " + e, e);
        }
    }

    private static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsInt();
        return out;
    }

    /** Spatial side of each block's output, given the stem's. */
    public int[] blockSides() {
        int side = outSide(inputSize, stem.kernel, stem.stride, stem.pads);
        int[] sides = new int[blocks.size()];
        for (int i = 0; i < sides.length; i++) {
            Block b = blocks.get(i);
            side = outSide(side, b.kernel, b.stride, b.pads);
            sides[i] = side;
        }
        return sides;
    }

    public int stemSide() {
        return outSide(inputSize, stem.kernel, stem.stride, stem.pads);
    }

    /** Convolution output size: {@code floor((in + padBegin + padEnd - kernel) / stride) + 1}, for rows and columns alike. */
    static int outSide(int in, int kernel, int stride, int[] pads) {
        return Math.floorDiv(in + pads[0] + pads[2] - kernel, stride) + 1;
    }

    private void check(String source) {
        List<String> problems = new ArrayList<>();
        if (stem.pads.length != 4 || stem.pads[0] != stem.pads[1] || stem.pads[2] != stem.pads[3]) {
            problems.add("stem pads " + java.util.Arrays.toString(stem.pads) + " are not (a, a, b, b)");
        }
        int channels = stem.out;
        int side = stemSide();
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            if (b.in != channels) problems.add("block " + i + " reads " + b.in + " channels, gets " + channels);
            if (b.pads.length != 4 || b.pads[0] != b.pads[1] || b.pads[2] != b.pads[3]) {
                problems.add("block " + i + " pads " + java.util.Arrays.toString(b.pads) + " are not (a, a, b, b)");
            }
            if (b.shortcut != Shortcut.NONE && b.in + b.padChannels != b.out) {
                problems.add("block " + i + ": " + b.in + " + " + b.padChannels + " shortcut channels != " + b.out);
            }
            int next = outSide(side, b.kernel, b.stride, b.pads);
            if (b.shortcut == Shortcut.MAXPOOL && next != side / 2) problems.add("block " + i + " pools " + side + " to " + next);
            if (b.shortcut == Shortcut.IDENTITY && next != side) problems.add("block " + i + " changes size with an identity shortcut");
            side = next;
            channels = b.out;
        }
        if (heads.size() != 4) problems.add(heads.size() + " heads, expected 4");
        else if (heads.get(0).values != 1 || heads.get(1).values != 1 || heads.get(2).values != 16 || heads.get(3).values != 16) {
            problems.add("heads are not (scores, scores, regressors, regressors) with rows of 1, 1, 16, 16");
        } else {
            for (int i = 0; i < 2; i++) {
                Head score = heads.get(i), box = heads.get(i + 2);
                if (score.block != box.block || score.anchorsPerCell() != box.anchorsPerCell()) {
                    problems.add("head " + box.output + " does not read the grid and anchors of " + score.output);
                }
            }
        }
        for (Head h : heads) {
            if (h.block < 0 || h.block >= blocks.size()) problems.add("head " + h.output + " reads block " + h.block);
            else if (h.values <= 0 || h.out % h.values != 0) problems.add("head " + h.output + ": " + h.out + " channels in rows of " + h.values);
        }
        if (!problems.isEmpty()) throw new IllegalArgumentException(source + ": " + String.join("; ", problems));
    }
}
