package dev.vitface.backend.cuda;

import java.io.File;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the error JavaCPP throws when a CUDA library does not load into a sentence a user can act
 * on. JavaCPP reports "no jnicudart in java.library.path" on top and hides the real reason (the
 * missing system library, e.g. {@code libcuda.so.1: cannot open shared object file}) in a cause;
 * a second attempt says only "Could not initialize class", quoting the top message without the
 * reason. So when no message names the missing library, the candidates are asked for directly.
 */
final class NativeLoadFailure {
    private static final Pattern MISSING = Pattern.compile("(lib[A-Za-z0-9_+-]+\\.so(?:\\.[0-9]+)*): cannot open shared object file");

    private NativeLoadFailure() {}

    /**
     * Why {@code what} (e.g. "the CUDA runtime") could not load, and what to do about it.
     *
     * @param candidates shared libraries the failed preset needs, looked for where JavaCPP looks
     *                   ({@link #findable}) when JavaCPP's messages do not name the missing one
     */
    static String describe(String what, Throwable failure, List<String> candidates) {
        List<String> messages = messages(failure);
        for (String m : messages) {
            Matcher missing = MISSING.matcher(m);
            if (missing.find()) return advice(missing.group(1));
        }
        for (String library : candidates) {
            if (!findable(library)) return advice(library);
        }
        String detail = messages.isEmpty() ? failure.getClass().getSimpleName() : messages.getLast();
        return what + " could not be loaded (" + detail + ")";
    }

    /**
     * Whether JavaCPP could load {@code library}: the dynamic linker finds it by its soname, or a
     * file of that name lies in a folder of {@code java.library.path}, where JavaCPP also looks
     * (and loads it by its path, which then serves the JNI glue too).
     */
    static boolean findable(String library) {
        if (loadable(library)) return true;
        for (String folder : System.getProperty("java.library.path", "").split(File.pathSeparator)) {
            if (!folder.isEmpty() && Files.isRegularFile(Path.of(folder, library))) return true;
        }
        return false;
    }

    /** Whether the dynamic linker finds {@code library} by its soname (the way the JNI glue's dependencies are found). */
    static boolean loadable(String library) {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup.libraryLookup(library, arena);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The advice for one missing shared library. */
    static String advice(String library) {
        String path = " (or add the folder that holds it to LD_LIBRARY_PATH)";
        if (library.startsWith("libcuda.so")) {
            return library + " not found: no NVIDIA driver is installed on this machine, so there is no GPU to use";
        }
        if (library.startsWith("libcudart.so")) {
            return library + " not found: install the CUDA 13 runtime libraries" + path;
        }
        if (library.startsWith("libcublas")) {
            return library + " not found: install cuBLAS for CUDA 13 (libcublas.so.13 and libcublasLt.so.13)" + path;
        }
        if (library.startsWith("libnvrtc")) {
            return library + " not found: install NVRTC for CUDA 13 (libnvrtc.so.13, which compiles the kernels)" + path;
        }
        return library + " not found: a CUDA 13 library the backend needs is missing" + path;
    }

    /** Every message in the cause chain (each throwable once), outermost first. */
    private static List<String> messages(Throwable failure) {
        Set<Throwable> seen = new LinkedHashSet<>();
        List<String> out = new ArrayList<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) out.add(t.getMessage());
            for (Throwable s : t.getSuppressed()) {
                if (s.getMessage() != null) out.add(s.getMessage());
            }
        }
        return out;
    }
}
