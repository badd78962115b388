package dev.vitface.util;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

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
    private static final long PAGE = Libc.HUGE_PAGE;

    private FreshPages() {}

    /** {@code bytes} bytes of zeroes, 2 MiB aligned where mmap serves them, else 64-byte aligned. */
    public static MemorySegment allocate(Arena arena, long bytes) {
        if (bytes <= 0) throw new IllegalArgumentException("bytes must be positive, got " + bytes);
        if (!Libc.AVAILABLE || bytes < PAGE) return arena.allocate(bytes, 64);
        long length = (bytes + PAGE - 1) / PAGE * PAGE;
        // Over-allocate by a page so that a 2 MiB-aligned start can be chosen; the kernel only
        // backs what is touched.
        long mapped = length + PAGE;
        MemorySegment raw = Libc.mmapAnonymous(mapped);
        if (raw == null) return arena.allocate(bytes, 64);
        MemorySegment aligned = MemorySegment.ofAddress((raw.address() + PAGE - 1) / PAGE * PAGE);
        Libc.madvise(aligned, length, Libc.MADV_HUGEPAGE); // a hint: without it, 4 KiB pages
        return aligned.reinterpret(bytes, arena, segment -> Libc.munmap(raw, mapped));
    }
}
