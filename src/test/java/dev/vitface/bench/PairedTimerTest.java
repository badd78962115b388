package dev.vitface.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both engines warm up alone, then take turns pair by pair, each forward timed on its own. */
class PairedTimerTest {

    /** Notes which engine ran, in order, and sleeps {@code millis} a forward. */
    private record Engine(String name, long millis, List<String> log) implements WarmUp.Forward<RuntimeException> {
        @Override
        public void run() {
            log.add(name);
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void eachWarmsUpAloneThenThePairsAlternateWhoGoesFirst() {
        List<String> log = new ArrayList<>();
        PairedTimer.Timings t = PairedTimer.time(new Engine("a", 0, log), new Engine("b", 0, log), new WarmUp(2, 0), 3,
                Duration.ZERO);
        assertEquals(List.of("a", "a", "b", "b", "a", "b", "b", "a", "a", "b"), log);
        assertEquals(3, t.first().length);
        assertEquals(3, t.second().length);
    }

    @Test
    void eachEngineIsTimedOnItsOwnForward() {
        List<String> log = new ArrayList<>();
        PairedTimer.Timings t = PairedTimer.time(new Engine("slow", 40, log), new Engine("fast", 10, log), new WarmUp(0, 0), 4,
                Duration.ofMillis(5));
        for (int i = 0; i < 4; i++) {
            assertTrue(t.first()[i] >= 0.040, "pair " + i + ": the slow engine took " + t.first()[i] + " s");
            assertTrue(t.second()[i] >= 0.010, "pair " + i + ": the fast engine took " + t.second()[i] + " s");
            // The pause before each forward is not timed: the fast one stays well under the slow one.
            assertTrue(t.second()[i] < t.first()[i], "pair " + i + ": " + t.second()[i] + " s against " + t.first()[i] + " s");
        }
    }

    @Test
    void atLeastOnePair() {
        List<String> log = new ArrayList<>();
        assertThrows(IllegalArgumentException.class,
                () -> PairedTimer.time(new Engine("a", 0, log), new Engine("b", 0, log), new WarmUp(0, 0), 0, Duration.ZERO));
    }
}
