package dev.vitface.util;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Asks Linux to map a large read-only file mapping (the model's weights) in 2 MiB pages.
 *
 * <p>Why: the first touch of each page of a mapping costs a page fault, and a 1.2 GB model has
 * 300 000 pages of 4 KiB. Where the page cache holds the file in 2 MiB folios (ext4 and XFS on
 * recent kernels read files into them), the kernel maps 2 MiB at a time instead: 600 faults. In
 * the 2-core VM of docs/PERFORMANCE.md touching every page of the mapped model took 0.53-0.82 s
 * in 4 KiB pages and 0.015-0.05 s in 2 MiB pages.
 *
 * <p>What decides it is how the file entered the page cache: read from disk, it comes in large
 * folios; written there (a fresh download), it can sit in 4 KiB ones for as long as it stays
 * cached, and every run pays the small pages. So {@link #advise} marks the mapping
 * {@code MADV_HUGEPAGE} (faults that read the file then read 2 MiB folios) and looks at whether
 * its first 2 MiB came in as one huge page. If not, it lets that 2 MiB go
 * ({@code POSIX_FADV_DONTNEED}) and reads it back: if it now comes in as one page, the file
 * system can cache the file in 2 MiB folios, and the rest of the file's clean, unmapped pages
 * are let go too, to be read back the same way: one re-read of the file from disk, once, and
 * every later run maps it in 2 MiB pages. Where it cannot, only those 2 MiB were read again.
 * Anything missing (another OS, a kernel without file huge pages, a mapping not 2 MiB aligned)
 * leaves the mapping as it was; nothing here changes what the mapping reads.
 */
public final class HugePageCache {
    /** What {@link #advise} found, and did. */
    public enum Outcome {
        /** The file is cached in 2 MiB folios: the mapping gets 2 MiB pages. */
        HUGE_PAGES,
        /** The file was cached in small pages; they were dropped, to be read back in 2 MiB folios. */
        RECACHED,
        /** No 2 MiB pages here (not Linux, no file huge pages, an unaligned or small mapping). */
        UNAVAILABLE
    }

    private static final long HUGE = 2L << 20;
    private static final int MADV_HUGEPAGE = 14;
    private static final int MADV_DONTNEED = 4;
    private static final int POSIX_FADV_DONTNEED = 4;
    private static final int O_RDONLY = 0;
    private static final Path SMAPS = Path.of("/proc/self/smaps");
    /** The first line of a mapping's block in smaps: {@code start-end perms offset dev inode path}. */
    private static final Pattern MAPPING_HEADER = Pattern.compile("^[0-9a-f]+-[0-9a-f]+ .*");
    private static final MethodHandle MADVISE;
    private static final MethodHandle OPEN;
    private static final MethodHandle FADVISE;
    private static final MethodHandle CLOSE;

    static {
        MethodHandle madvise = null, open = null, fadvise = null, close = null;
        if (System.getProperty("os.name", "").startsWith("Linux")) {
            Linker linker = Linker.nativeLinker();
            var libc = linker.defaultLookup();
            ValueLayout.OfInt i = ValueLayout.JAVA_INT;
            ValueLayout.OfLong l = ValueLayout.JAVA_LONG;
            madvise = libc.find("madvise").map(a -> linker.downcallHandle(a,
                    FunctionDescriptor.of(i, ValueLayout.ADDRESS, l, i))).orElse(null);
            open = libc.find("open").map(a -> linker.downcallHandle(a,
                    FunctionDescriptor.of(i, ValueLayout.ADDRESS, i), Linker.Option.firstVariadicArg(2))).orElse(null);
            fadvise = libc.find("posix_fadvise").map(a -> linker.downcallHandle(a,
                    FunctionDescriptor.of(i, i, l, l, i))).orElse(null);
            close = libc.find("close").map(a -> linker.downcallHandle(a, FunctionDescriptor.of(i, i))).orElse(null);
        }
        boolean all = madvise != null && open != null && fadvise != null && close != null;
        MADVISE = all ? madvise : null;
        OPEN = all ? open : null;
        FADVISE = all ? fadvise : null;
        CLOSE = all ? close : null;
    }

    private HugePageCache() {}

    /**
     * {@code mapping}: a read-only mapping of {@code file} from offset 0. Touches its first page;
     * never throws for lack of support (the answer is then {@link Outcome#UNAVAILABLE}).
     */
    public static Outcome advise(Path file, MemorySegment mapping) {
        if (MADVISE == null || mapping.byteSize() < 2 * HUGE || mapping.address() % HUGE != 0) return Outcome.UNAVAILABLE;
        try {
            if ((int) MADVISE.invokeExact(mapping, mapping.byteSize(), MADV_HUGEPAGE) != 0) return Outcome.UNAVAILABLE;
            OptionalLong first = firstHugePageKb(mapping);
            if (first.isEmpty()) return Outcome.UNAVAILABLE;
            if (first.getAsLong() > 0) return Outcome.HUGE_PAGES;
            // Try on the first 2 MiB whether this file system reads the file back in a 2 MiB folio.
            int unmapped = (int) MADVISE.invokeExact(mapping, HUGE, MADV_DONTNEED);
            if (!dropCachedPages(file, 0, HUGE) || firstHugePageKb(mapping).orElse(0) == 0) return Outcome.UNAVAILABLE;
            return dropCachedPages(file, HUGE, 0) ? Outcome.RECACHED : Outcome.UNAVAILABLE;
        } catch (IOException | RuntimeException e) {
            return Outcome.UNAVAILABLE;
        } catch (Throwable t) {
            throw new IllegalStateException("madvise failed", t);
        }
    }

    /** Touches the mapping's first page; how much of it the kernel maps in huge pages, from smaps. */
    private static OptionalLong firstHugePageKb(MemorySegment mapping) throws IOException {
        byte ignored = mapping.get(ValueLayout.JAVA_BYTE, 0);
        return filePmdMappedKb(Files.readAllLines(SMAPS), mapping.address());
    }

    /** Lets go of the file's clean, unmapped cached pages from {@code offset}, {@code length} bytes (0: to the end). */
    private static boolean dropCachedPages(Path file, long offset, long length) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(arena.allocateFrom(file.toAbsolutePath().toString()), O_RDONLY);
            if (fd < 0) return false;
            try {
                return (int) FADVISE.invokeExact(fd, offset, length, POSIX_FADV_DONTNEED) == 0;
            } finally {
                int ignored = (int) CLOSE.invokeExact(fd);
            }
        }
    }

    /**
     * The {@code FilePmdMapped} of the mapping that starts at {@code address}, from the lines of
     * {@code /proc/self/smaps}: empty when there is no such mapping or the kernel does not report it.
     */
    static OptionalLong filePmdMappedKb(List<String> smaps, long address) {
        String header = Long.toHexString(address) + "-";
        boolean inMapping = false;
        for (String line : smaps) {
            if (MAPPING_HEADER.matcher(line).matches()) {
                if (inMapping) return OptionalLong.empty(); // the next mapping: no such field in ours
                inMapping = line.startsWith(header);
            } else if (inMapping && line.startsWith("FilePmdMapped:")) {
                String value = line.substring("FilePmdMapped:".length()).trim();
                int space = value.indexOf(' ');
                return OptionalLong.of(Long.parseLong(space < 0 ? value : value.substring(0, space)));
            }
        }
        return OptionalLong.empty();
    }
}
