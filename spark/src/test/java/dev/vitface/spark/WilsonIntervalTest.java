package dev.vitface.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The Wilson interval against published values and a hand computation. */
class WilsonIntervalTest {

    /** Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, method 3. */
    @Test
    void matchesNewcombesPublishedIntervals() {
        assertInterval(81, 263, 0.2553, 0.3662, 5e-5);
        assertInterval(15, 148, 0.0624, 0.1605, 5e-5);
        assertInterval(0, 20, 0.0, 0.1611, 5e-5);
        assertInterval(1, 29, 0.0061, 0.1718, 5e-5);
    }

    /**
     * 3 of 7, by hand: p = 3/7 = 0.428571, z² = 3.841459, 1 + z²/n = 1.548780,
     * centre = (0.428571 + 3.841459/14) / 1.548780 = 0.453881,
     * half = 1.959964 / 1.548780 · √(0.428571·0.571429/7 + 3.841459/196) = 0.295661,
     * so [0.158220, 0.749542].
     */
    @Test
    void matchesAHandComputation() {
        assertInterval(3, 7, 0.158220, 0.749542, 1e-6);
    }

    @Test
    void endsAreZeroAndOneAtNoneAndAll() {
        assertInterval(0, 7, 0.0, 0.354330, 1e-6);
        assertInterval(7, 7, 0.645670, 1.0, 1e-6);
        assertEquals(0.0, WilsonInterval.of(0, 7).low());
        assertEquals(1.0, WilsonInterval.of(7, 7).high());
    }

    @Test
    void refusesImpossibleCounts() {
        assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(0, 0));
        assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(8, 7));
    }

    private static void assertInterval(long k, long n, double low, double high, double tolerance) {
        WilsonInterval ci = WilsonInterval.of(k, n);
        assertEquals(low, ci.low(), tolerance, k + "/" + n + " low");
        assertEquals(high, ci.high(), tolerance, k + "/" + n + " high");
    }
}
