package dev.vitface.util;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Large native blocks of zeroes (oneDNN's re-laid-out weights, the forward pass's workspace),
 * taken straight from the kernel with {@code mmap} and marked {@code MADV_HUGEPAGE}. What
 * {@link Arena#allocate} would cost on them: a pass of zeroes over every byte at once, whether
 * the block is ever used in full or not (a workspace sized for batch 8 serves one image), and a
 * page fault per 4 KiB page; here the kernel supplies zeroed pages on first touch only, 2 MiB at
 * a time, which matters where faults are dear (in the 2-core VM of docs/PERFORMANCE.md the first
 * write to fresh memory cost 3.6 s per GB in 4 KiB pages, 1.4-2.0 s in 2 MiB pages). Where
 * {@code mmap} is unavailable or refuses, it falls back to {@link Arena#allocate}. The pages are
 * unmapped when {@code arena} closes.
 */
public final class FreshPages {
    private static final long PAGE = 2L << 20;
    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
    private static final int MADV_HUGEPAGE = 14;
    private static final MethodHandle MMAP;
    private static final MethodHandle MADVISE;
    private static final MethodHandle MUNMAP;

    static {
        MethodHandle mmap = null;
        MethodHandle madvise = null;
        MethodHandle munmap = null;
        if (System.getProperty("os.name", "").startsWith("Linux")) {
            Linker linker = Linker.nativeLinker();
            var libc = linker.defaultLookup();
            mmap = libc.find("mmap").map(a -> linker.downcallHandle(a, FunctionDescriptor.of(ValueLayout.ADDRESS,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG))).orElse(null);
            madvise = libc.find("madvise").map(a -> linker.downcallHandle(a, FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT))).orElse(null);
            munmap = libc.find("munmap").map(a -> linker.downcallHandle(a, FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_LONG))).orElse(null);
        }
        boolean all = mmap != null && madvise != null && munmap != null;
        MMAP = all ? mmap : null;
        MADVISE = all ? madvise : null;
        MUNMAP = all ? munmap : null;
    }

    private FreshPages() {}

    /** {@code bytes} bytes of zeroes, 2 MiB aligned where mmap serves them, else 64-byte aligned. */
    public static MemorySegment allocate(Arena arena, long bytes) {
        if (bytes <= 0) throw new IllegalArgumentException("bytes must be positive, got " + bytes);
        if (MMAP == null || bytes < PAGE) return arena.allocate(bytes, 64);
        long length = (bytes + PAGE - 1) / PAGE * PAGE;
        try {
            // Over-allocate by a page so that a 2 MiB-aligned start can be chosen; the kernel
            // only backs what is touched.
            MemorySegment raw = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, length + PAGE, PROT_READ_WRITE,
                    MAP_PRIVATE_ANONYMOUS, -1, 0L);
            if (raw.address() == -1L || raw.address() == 0L) return arena.allocate(bytes, 64);
            long start = (raw.address() + PAGE - 1) / PAGE * PAGE;
            MemorySegment aligned = MemorySegment.ofAddress(start);
            int ignored = (int) MADVISE.invokeExact(aligned, length, MADV_HUGEPAGE); // a hint: without it, 4 KiB pages
            long mapped = length + PAGE;
            return aligned.reinterpret(bytes, arena, segment -> unmap(raw, mapped));
        } catch (Throwable t) {
            throw new IllegalStateException("mmap of " + bytes + " bytes failed", t);
        }
    }

    private static void unmap(MemorySegment raw, long length) {
        try {
            int ignored = (int) MUNMAP.invokeExact(raw, length);
        } catch (Throwable t) {
            throw new IllegalStateException("munmap failed", t);
        }
    }
}
