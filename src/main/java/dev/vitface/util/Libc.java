package dev.vitface.util;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * The few Linux memory calls {@link FreshPages} and {@link HugePageCache} make, bound once. On
 * another OS, or a libc without one of them, {@link #AVAILABLE} is false and nothing is bound:
 * the callers then keep to what the JDK does by itself.
 */
final class Libc {
    /** A transparent huge page on x86-64. */
    static final long HUGE_PAGE = 2L << 20;
    static final int MADV_DONTNEED = 4;
    static final int MADV_HUGEPAGE = 14;

    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
    private static final int O_RDONLY = 0;
    private static final int POSIX_FADV_DONTNEED = 4;

    private static final MethodHandle MMAP;
    private static final MethodHandle MUNMAP;
    private static final MethodHandle MADVISE;
    private static final MethodHandle OPEN;
    private static final MethodHandle POSIX_FADVISE;
    private static final MethodHandle CLOSE;
    static final boolean AVAILABLE;

    static {
        boolean linux = System.getProperty("os.name", "").startsWith("Linux");
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        ValueLayout.OfInt i = ValueLayout.JAVA_INT;
        ValueLayout.OfLong l = ValueLayout.JAVA_LONG;
        AddressLayout p = ValueLayout.ADDRESS;
        MMAP = linux ? bind(linker, libc, "mmap", FunctionDescriptor.of(p, p, l, i, i, i, l)) : null;
        MUNMAP = linux ? bind(linker, libc, "munmap", FunctionDescriptor.of(i, p, l)) : null;
        MADVISE = linux ? bind(linker, libc, "madvise", FunctionDescriptor.of(i, p, l, i)) : null;
        OPEN = linux ? bind(linker, libc, "open", FunctionDescriptor.of(i, p, i), Linker.Option.firstVariadicArg(2)) : null;
        POSIX_FADVISE = linux ? bind(linker, libc, "posix_fadvise", FunctionDescriptor.of(i, i, l, l, i)) : null;
        CLOSE = linux ? bind(linker, libc, "close", FunctionDescriptor.of(i, i)) : null;
        AVAILABLE = MMAP != null && MUNMAP != null && MADVISE != null && OPEN != null && POSIX_FADVISE != null
                && CLOSE != null;
    }

    private Libc() {}

    private static MethodHandle bind(Linker linker, SymbolLookup libc, String name, FunctionDescriptor fd,
                                     Linker.Option... options) {
        return libc.find(name).map(s -> linker.downcallHandle(s, fd, options)).orElse(null);
    }

    /** Fresh anonymous read-write pages, or null when the kernel refuses. */
    static MemorySegment mmapAnonymous(long length) {
        try {
            MemorySegment raw = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, length, PROT_READ_WRITE,
                    MAP_PRIVATE_ANONYMOUS, -1, 0L);
            return raw.address() == -1L || raw.address() == 0L ? null : raw;
        } catch (Throwable t) {
            throw new IllegalStateException("mmap of " + length + " bytes failed", t);
        }
    }

    static void munmap(MemorySegment start, long length) {
        try {
            int ignored = (int) MUNMAP.invokeExact(start, length);
        } catch (Throwable t) {
            throw new IllegalStateException("munmap failed", t);
        }
    }

    /** {@code madvise}; true where the kernel took the advice. */
    static boolean madvise(MemorySegment start, long length, int advice) {
        try {
            return (int) MADVISE.invokeExact(start, length, advice) == 0;
        } catch (Throwable t) {
            throw new IllegalStateException("madvise failed", t);
        }
    }

    /**
     * Lets go of {@code file}'s clean, unmapped cached pages from {@code offset}, {@code length}
     * bytes (0: to the end) ({@code POSIX_FADV_DONTNEED}); true where the kernel took the advice.
     */
    static boolean dropCachedPages(Path file, long offset, long length) {
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(arena.allocateFrom(file.toAbsolutePath().toString()), O_RDONLY);
            if (fd < 0) return false;
            try {
                return (int) POSIX_FADVISE.invokeExact(fd, offset, length, POSIX_FADV_DONTNEED) == 0;
            } finally {
                int ignored = (int) CLOSE.invokeExact(fd);
            }
        } catch (Throwable t) {
            throw new IllegalStateException("posix_fadvise of " + file + " failed", t);
        }
    }
}
