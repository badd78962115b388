package dev.vitface.util;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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

    private static final long HUGE = Libc.HUGE_PAGE;
    private static final Path SMAPS = Path.of("/proc/self/smaps");
    /** The first line of a mapping's block in smaps: {@code start-end perms offset dev inode path}. */
    private static final Pattern MAPPING_HEADER = Pattern.compile("^[0-9a-f]+-[0-9a-f]+ .*");

    private HugePageCache() {}

    /**
     * {@code mapping}: a read-only mapping of {@code file} from offset 0. Touches its first page;
     * never throws for lack of support (the answer is then {@link Outcome#UNAVAILABLE}).
     */
    public static Outcome advise(Path file, MemorySegment mapping) {
        if (!Libc.AVAILABLE || mapping.byteSize() < 2 * HUGE || mapping.address() % HUGE != 0) return Outcome.UNAVAILABLE;
        try {
            if (!Libc.madvise(mapping, mapping.byteSize(), Libc.MADV_HUGEPAGE)) return Outcome.UNAVAILABLE;
            OptionalLong first = firstHugePageKb(mapping);
            if (first.isEmpty()) return Outcome.UNAVAILABLE;
            if (first.getAsLong() > 0) return Outcome.HUGE_PAGES;
            // Try on the first 2 MiB whether this file system reads the file back in a 2 MiB folio.
            Libc.madvise(mapping, HUGE, Libc.MADV_DONTNEED);
            if (!Libc.dropCachedPages(file, 0, HUGE) || firstHugePageKb(mapping).orElse(0) == 0) return Outcome.UNAVAILABLE;
            return Libc.dropCachedPages(file, HUGE, 0) ? Outcome.RECACHED : Outcome.UNAVAILABLE;
        } catch (IOException | RuntimeException e) {
            return Outcome.UNAVAILABLE;
        }
    }

    /**
     * Touches the mapping's first page; how much of it the kernel maps in huge pages, from smaps,
     * read only as far as the mapping's own block.
     */
    private static OptionalLong firstHugePageKb(MemorySegment mapping) throws IOException {
        byte ignored = mapping.get(ValueLayout.JAVA_BYTE, 0);
        try (Stream<String> lines = Files.lines(SMAPS)) {
            return filePmdMappedKb(lines::iterator, mapping.address());
        }
    }

    /**
     * The {@code FilePmdMapped} of the mapping that starts at {@code address}, from the lines of
     * {@code /proc/self/smaps}: empty when there is no such mapping or the kernel does not report it.
     */
    static OptionalLong filePmdMappedKb(Iterable<String> smaps, long address) {
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
