package dev.vitface.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
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

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void manyShortStepsAndStepsAfterTheHelpersParkedAllComplete(int threads) throws InterruptedException {
        try (Parallel parallel = new Parallel(threads)) {
            long[] perWorker = new long[threads];
            for (int step = 0; step < 20_000; step++) parallel.forRange(threads, (w, from, to) -> perWorker[w]++);
            for (int w = 0; w < threads; w++) assertEquals(20_000, perWorker[w], "worker " + w);
            for (int pause = 0; pause < 5; pause++) {
                Thread.sleep(2 + Parallel.WAIT_BEFORE_PARK_NANOS / 1_000_000); // long enough for every helper to park
                AtomicIntegerArray hits = new AtomicIntegerArray(threads);
                parallel.forRange(threads, (w, from, to) -> hits.incrementAndGet(w));
                for (int w = 0; w < threads; w++) assertEquals(1, hits.get(w), "after pause " + pause + ", worker " + w);
            }
        }
    }

    @Test
    void callsFromSeveralThreadsAreSerialised() throws Exception {
        try (Parallel parallel = new Parallel(2)) {
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            Runnable caller = () -> {
                for (int i = 0; i < 2000; i++) {
                    parallel.forRange(2, (w, from, to) -> {
                        if (w == 0 && inside.incrementAndGet() > 1) overlaps.incrementAndGet();
                        if (w == 0) inside.decrementAndGet();
                    });
                }
            };
            Thread other = new Thread(caller);
            other.start();
            caller.run();
            other.join();
            assertEquals(0, overlaps.get());
        }
    }

    @Test
    void aTaskThatCallsBackIntoItsPoolFailsInsteadOfDeadlocking() {
        try (Parallel parallel = new Parallel(2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> parallel.forRange(2, (w, from, to) -> parallel.forRange(2, (w2, f2, t2) -> { })));
            assertTrue(e.getMessage().contains("called back"), e.getMessage());
            parallel.forRange(2, (w, from, to) -> { });
        }
    }

    @Test
    void anErrorInAHelperReachesTheCallerAsItIs() {
        try (Parallel parallel = new Parallel(2)) {
            AssertionError e = assertThrows(AssertionError.class, () -> parallel.forRange(2, (w, from, to) -> {
                if (w == 1) throw new AssertionError("helper");
            }));
            assertEquals("helper", e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void aClosedPoolRefusesWorkInsteadOfWaitingForever(int threads) {
        // #13: a call after close() used to park the caller forever, waiting for helpers that had stopped.
        Parallel parallel = new Parallel(threads);
        parallel.close();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            IllegalStateException range = assertThrows(IllegalStateException.class,
                    () -> parallel.forRange(100, (worker, from, to) -> {}));
            assertTrue(range.getMessage().contains("closed"), range.getMessage());
            assertThrows(IllegalStateException.class, () -> parallel.forEachItem(100, (worker, item) -> {}));
        });
        parallel.close(); // a second close does nothing
    }
}
