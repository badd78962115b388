package dev.vitface.classify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Expands the command line's PATHs: a file is taken as named (whatever its extension, so a bad
 * one gets its own error row); a directory contributes its image files, recursively, sorted.
 */
public final class InputFiles {
    static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "bmp", "webp");

    private InputFiles() {}

    /** Expanded paths; a path that does not exist stays in the list so its error is reported in place. */
    public static List<Path> expand(List<String> arguments) {
        List<Path> files = new ArrayList<>();
        for (String arg : arguments) {
            Path p = Path.of(arg);
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile).filter(InputFiles::isImageName).sorted().forEach(files::add);
                } catch (IOException | UncheckedIOException e) {
                    files.add(p); // reported as an error row by the decoder
                }
            } else {
                files.add(p);
            }
        }
        return files;
    }

    static boolean isImageName(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
