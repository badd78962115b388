package dev.vitface.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 8})
    void rangesCoverEveryIndexOnceWithWorkersInRange(int threads) {
        try (Parallel parallel = new Parallel(threads)) {
            for (int count : new int[] {0, 1, 2, 7, 257, 2056}) {
                AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(1, count));
                parallel.forRange(count, (worker, from, to) -> {
                    assertTrue(worker >= 0 && worker < threads);
                    for (int i = from; i < to; i++) hits.incrementAndGet(i);
                });
                for (int i = 0; i < count; i++) assertEquals(1, hits.get(i), "index " + i + " of " + count);
                AtomicIntegerArray items = new AtomicIntegerArray(Math.max(1, count));
                parallel.forEachItem(count, (worker, item) -> items.incrementAndGet(item));
                for (int i = 0; i < count; i++) assertEquals(1, items.get(i), "item " + i + " of " + count);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void aFailingWorkerFailsTheCallAfterAllWorkersStop(int threads) {
        try (Parallel parallel = new Parallel(threads)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> parallel.forEachItem(10, (w, i) -> {
                if (i == 7) throw new IllegalStateException("item 7");
            }));
            assertEquals("item 7", e.getMessage());
            // The pool is still usable afterwards.
            parallel.forRange(4, (w, from, to) -> { });
        }
    }
}
