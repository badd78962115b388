package dev.vitface.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.forward.ForwardOutput;
import dev.vitface.forward.ForwardPass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The warm-up runs until both of its minimums are met, then exactly {@code iterations} forwards are timed. */
class ForwardTimerTest {

    /** A pass that takes {@code millis} a forward and notes when each call began. */
    private static final class SleepingPass implements ForwardPass {
        final long millis;
        final List<Long> startNanos = new ArrayList<>();

        SleepingPass(long millis) {
            this.millis = millis;
        }

        int calls() {
            return startNanos.size();
        }

        @Override
        public int maxBatch() {
            return 4;
        }

        @Override
        public ForwardOutput forward(float[] pixelValues, int batch, boolean keepHiddenStates) {
            startNanos.add(System.nanoTime());
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return new ForwardOutput(batch, new float[0], Map.of(), List.of());
        }

        @Override
        public void close() {}
    }

    @Test
    void aCountAloneWarmsUpThatManyForwards() {
        SleepingPass pass = new SleepingPass(0);
        double[] seconds = ForwardTimer.time(pass, 2, 3, new WarmUp(3, 0), 5);
        assertEquals(5, seconds.length);
        assertEquals(3 + 5, pass.calls());
    }

    @Test
    void theSecondsKeepItWarmingUpPastTheCount() {
        SleepingPass pass = new SleepingPass(20);
        long start = System.nanoTime();
        ForwardTimer.time(pass, 1, 3, new WarmUp(1, 0.2), 2);
        // Counted by the clock, not by the sleeps: a loaded machine oversleeps, so fewer forwards fill 0.2 s.
        int warmUps = pass.calls() - 2;
        assertTrue(warmUps >= 2, warmUps + " untimed forwards: one is the count, 0.2 s asks for more");
        assertTrue(pass.startNanos.get(warmUps) - start >= 200_000_000L, "the timed forwards began after 0.2 s");
        assertTrue(pass.startNanos.get(warmUps - 1) - start < 200_000_000L + 100_000_000L,
                "the last untimed forward began before 0.2 s were up (give or take a stall)");
    }

    @Test
    void noWarmUpAtAll() {
        SleepingPass pass = new SleepingPass(0);
        ForwardTimer.time(pass, 1, 3, new WarmUp(0, 0), 1);
        assertEquals(1, pass.calls());
    }

    @Test
    void bothMinimumsMustBeMet() {
        WarmUp warmUp = new WarmUp(2, 1);
        long start = 1_000_000_000L;
        assertTrue(warmUp.another(5, start, start + 500_000_000L), "half a second of five forwards");
        assertTrue(warmUp.another(1, start, start + 2_000_000_000L), "two seconds of one forward");
        assertFalse(warmUp.another(2, start, start + 1_000_000_000L));
        assertThrows(IllegalArgumentException.class, () -> new WarmUp(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new WarmUp(0, Double.NaN));
    }
}
