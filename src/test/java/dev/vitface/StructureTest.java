package dev.vitface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.forward.ForwardPass;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering of the packages, checked on the sources (docs/ARCHITECTURE.md draws it). Each
 * top-level package has a rank; a class may import from its own package tree and from trees of a
 * lower rank only, never sideways or upward. Also: the backend layer holds no program, there is
 * one precision type, and every document the code or the docs cite is in the repository.
 */
class StructureTest {
    private static final Path MAIN = Path.of("src/main/java/dev/vitface");

    /** Rank of each top-level package ("" is dev.vitface itself: FaceAttributes, the library API). */
    private static final Map<String, Integer> RANK = Map.ofEntries(
            Map.entry("util", -1),        // below every layer, so any class may use it: FailureText (#13)
            Map.entry("kernels", 0),
            Map.entry("safetensors", 1),
            Map.entry("backend", 2),      // primitives: GEMM, Parallel, prepared linears, cpu/, dnnl/, cuda/
            Map.entry("model", 2),        // data: config, weights, binder, directory, labels, synth
            Map.entry("preprocess", 2),
            Map.entry("download", 2),
            Map.entry("forward", 3),      // the ForwardPass contract, its input checks, cpu/ and cuda/ passes
            Map.entry("faces", 3),        // detection and alignment: preprocess, kernels, backend
            Map.entry("engine", 4),       // the one backend selector
            Map.entry("classify", 5),
            Map.entry("verify", 5),
            Map.entry("bench", 5),
            Map.entry("", 6),
            Map.entry("eval", 7),         // evaluate runs the model through FaceAttributes
            Map.entry("serve", 7),        // the HTTP server, over FaceAttributes
            Map.entry("cli", 8));

    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.vitface\\.([a-z0-9_.]*?)\\.?[A-Z]",
            Pattern.MULTILINE);

    @Test
    void noPackageImportsFromItsOwnLayerOrAbove() {
        List<String> violations = new ArrayList<>();
        for (Path file : javaFiles(MAIN)) {
            String from = topLevel(MAIN.relativize(file.getParent()).toString().replace('/', '.'));
            Integer fromRank = RANK.get(from);
            if (fromRank == null) {
                violations.add(file + ": package '" + from + "' has no rank in this test; give it one");
                continue;
            }
            Matcher m = IMPORT.matcher(read(file));
            while (m.find()) {
                String to = topLevel(m.group(1));
                if (to.equals(from)) continue;
                Integer toRank = RANK.get(to);
                if (toRank == null || toRank >= fromRank) {
                    violations.add(MAIN.relativize(file) + " (" + from + ", rank " + fromRank + ") imports " + m.group(1)
                            + " (rank " + toRank + ")");
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void theBackendLayerHoldsNoProgram() {
        List<String> mains = new ArrayList<>();
        for (Path file : javaFiles(MAIN.resolve("backend"))) {
            if (read(file).contains("static void main(")) mains.add(file.toString());
        }
        assertEquals(List.of(), mains);
    }

    @Test
    void thereIsOnePrecisionType() {
        Pattern precisionEnum = Pattern.compile("enum\\s+(\\w+)[^{]*\\{[^;}]*\\bFP32\\b");
        List<String> enums = new ArrayList<>();
        for (Path file : javaFiles(MAIN)) {
            Matcher m = precisionEnum.matcher(read(file));
            while (m.find()) enums.add(MAIN.relativize(file) + ": enum " + m.group(1));
        }
        assertEquals(List.of("backend/Precision.java: enum Precision"), enums);
    }

    @Test
    void everyCitedDocumentIsInTheRepository() {
        Pattern citation = Pattern.compile("(?<![\\w/.-])((?:[\\w-]+/)*[\\w-]+\\.md)\\b");
        List<Path> citing = new ArrayList<>();
        citing.addAll(javaFiles(Path.of("src")));
        citing.addAll(javaFiles(Path.of("bench/src")));
        citing.addAll(filesUnder(Path.of("tools"), ".py"));
        citing.addAll(filesUnder(Path.of("tools"), ".sh"));
        citing.addAll(filesUnder(Path.of("bench"), ".sh"));
        citing.addAll(filesUnder(Path.of("docs"), ".md"));
        citing.addAll(List.of(Path.of("README.md"), Path.of("bench/README.md"), Path.of("tools/README.md")));
        List<String> missing = new ArrayList<>();
        for (Path file : citing) {
            String text = read(file);
            Matcher m = citation.matcher(text);
            while (m.find()) {
                String cited = m.group(1);
                Path parent = file.getParent() == null ? Path.of("") : file.getParent();
                // A path is read from the repository root, the citing file's folder, or (for
                // fixtures) the test resources, where code names them as "fixtures/...".
                if (!Files.exists(Path.of(cited)) && !Files.exists(parent.resolve(cited))
                        && !Files.exists(Path.of("src/test/resources").resolve(cited))) {
                    missing.add(file + " cites " + cited);
                }
            }
            String unpublished = "the device " + "notes"; // spelled apart so that this file does not cite them
            if (text.contains(unpublished)) missing.add(file + " cites \"" + unpublished + "\"");
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void messagesAreBuiltFromExceptionsThroughFailureText() {
        // #13: getMessage() may be null, and a message built from it then prints "null".
        // FailureText.of never does. The files listed read messages for another purpose, null-checked.
        List<String> reading = List.of(
                "util/FailureText.java",
                "backend/cuda/NativeLoadFailure.java",   // every message along the chain, to find a missing library's name
                "safetensors/HeaderParser.java",         // Gson's message trimmed; none means the text ended
                "faces/blazeface/BlazeFaceGraph.java");  // whether the message is already its own
        List<String> offenders = new ArrayList<>();
        for (Path file : javaFiles(MAIN)) {
            String name = MAIN.relativize(file).toString();
            if (!reading.contains(name) && read(file).contains(".getMessage()")) offenders.add(name);
        }
        assertEquals(List.of(), offenders, "build the message with dev.vitface.util.FailureText.of(e)");
    }

    @Test
    void noForwardPassSynchronisesItself() throws ClassNotFoundException {
        // One contract for every pass (ForwardPass): not thread-safe, the caller serialises.
        for (String name : List.of("dev.vitface.forward.cpu.VisionTransformer", "dev.vitface.forward.cuda.CudaForwardPass",
                "dev.vitface.engine.Engine")) {
            Class<?> pass = Class.forName(name, false, getClass().getClassLoader());
            assertTrue(ForwardPass.class.isAssignableFrom(pass), name);
            for (Method m : pass.getDeclaredMethods()) {
                if (m.getName().equals("forward") || m.getName().equals("close")) {
                    assertFalse(Modifier.isSynchronized(m.getModifiers()), name + "." + m.getName() + " is synchronized");
                }
            }
        }
    }

    private static String topLevel(String pkg) {
        int dot = pkg.indexOf('.');
        return dot < 0 ? pkg : pkg.substring(0, dot);
    }

    private static List<Path> javaFiles(Path root) {
        return filesUnder(root, ".java");
    }

    private static List<Path> filesUnder(Path root, String suffix) {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(suffix) && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
