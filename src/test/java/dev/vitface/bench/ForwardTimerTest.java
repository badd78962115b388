package dev.vitface.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.forward.ForwardOutput;
import dev.vitface.forward.ForwardPass;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The warm-up runs until both of its minimums are met, then exactly {@code iterations} forwards are timed. */
class ForwardTimerTest {

    /** A pass that takes {@code millis} a forward and counts its calls. */
    private static final class SleepingPass implements ForwardPass {
        final long millis;
        int calls;

        SleepingPass(long millis) {
            this.millis = millis;
        }

        @Override
        public int maxBatch() {
            return 4;
        }

        @Override
        public ForwardOutput forward(float[] pixelValues, int batch, boolean keepHiddenStates) {
            calls++;
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
        assertEquals(3 + 5, pass.calls);
    }

    @Test
    void theSecondsKeepItWarmingUpPastTheCount() {
        SleepingPass pass = new SleepingPass(20);
        ForwardTimer.time(pass, 1, 3, new WarmUp(1, 0.2), 2);
        // 0.2 s of 20 ms forwards: at least 10 untimed ones (sleep never returns early), then the 2 timed.
        assertTrue(pass.calls >= 10 + 2, pass.calls + " calls");
        assertTrue(pass.calls < 40, pass.calls + " calls: the warm-up should stop once both minimums are met");
    }

    @Test
    void noWarmUpAtAll() {
        SleepingPass pass = new SleepingPass(0);
        ForwardTimer.time(pass, 1, 3, new WarmUp(0, 0), 1);
        assertEquals(1, pass.calls);
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
