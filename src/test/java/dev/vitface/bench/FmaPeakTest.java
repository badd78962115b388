package dev.vitface.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The FMA peak probe: its loop does exactly the FMAs it counts, the count adds up over threads
 * and blocks, and a short timed run gives a positive, finite figure. (How fast it is, is a
 * benchmark's business: docs/PERFORMANCE.md.)
 */
class FmaPeakTest {

    @Test
    void theLoopDoesOneFmaPerLanePerAccumulatorPerIteration() {
        float m = 0.9999f;
        float c = 1e-3f;
        for (long iterations : new long[] {0, 1, 3, 17}) {
            float[] vector = FmaPeak.startingValues();
            float[] scalar = vector.clone();
            FmaLoop.run(vector, m, c, iterations);
            // The plain twin: one rounding per step, as the vector FMA. One step more or less on
            // any lane changes its value, so equality means every lane did exactly `iterations`.
            for (int i = 0; i < scalar.length; i++) {
                for (long k = 0; k < iterations; k++) scalar[i] = Math.fma(scalar[i], m, c);
            }
            assertArrayEquals(scalar, vector, iterations + " iterations");
        }
        assertEquals(FmaLoop.ACCUMULATORS * FmaLoop.LANES, FmaPeak.startingValues().length);
    }

    @Test
    void aFixedRunCountsTwoFlopsPerLanePerFmaOnEveryThread() {
        long blocks = 3;
        FmaPeak.Tally tally = FmaPeak.run(2, 0, Long.MAX_VALUE / 4, blocks);
        long perThread = blocks * FmaPeak.BLOCK * FmaLoop.ACCUMULATORS * FmaLoop.LANES * 2L;
        assertEquals(2 * perThread, tally.flops());
        assertEquals(2L * FmaLoop.ACCUMULATORS * FmaLoop.LANES, FmaLoop.flopsPerIteration());
        assertTrue(tally.nanos() > 0, "elapsed " + tally.nanos());
    }

    @Test
    void theHigherOfTwoReadingsCountsAndTheDescriptionNamesBoth() {
        Peak low = new Peak("fp32 FMA loop: a busy moment", 203.4);
        Peak high = new Peak("fp32 FMA loop: a quiet one", 231.4);
        for (Peak p : new Peak[] {FmaPeak.higherOf(low, high), FmaPeak.higherOf(high, low)}) {
            assertEquals(231.4, p.gflops());
            assertTrue(p.description().startsWith("fp32 FMA loop: a quiet one")
                    && p.description().contains("before and after the timed forwards"), p.description());
        }
        assertTrue(FmaPeak.higherOf(low, high).description().endsWith("203.4 and 231.4 GFLOP/s"));
        Peak none = Peak.unavailable("not read");
        assertSame(high, FmaPeak.higherOf(none, high));
        assertSame(low, FmaPeak.higherOf(low, none));
    }

    @Test
    void aShortTimedRunGivesAPositiveFiniteFigure() {
        Peak peak = FmaPeak.measure(2, 20_000_000L, 50_000_000L);
        assertTrue(peak.available() && peak.gflops() > 0, peak.toString());
        assertTrue(peak.description().contains(FmaLoop.ACCUMULATORS + " independent accumulators")
                && peak.description().contains("2 threads at once"), peak.description());
    }
}
