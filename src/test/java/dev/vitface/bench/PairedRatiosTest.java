package dev.vitface.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairedRatiosTest {

    @Test
    void oneRatioPerPairSmallestFirst() {
        PairedRatios r = PairedRatios.of(new double[] {0.9, 0.4, 0.5}, new double[] {1.0, 0.5, 0.5});
        // 0.9, 0.8, 1.0 by pair; smallest first, the quantiles land on each in turn.
        assertEquals(0.8, r.quantile(0), 1e-12);
        assertEquals(0.9, r.median(), 1e-12);
        assertEquals(1.0, r.quantile(1), 1e-12);
        assertEquals(3, r.count());
    }

    @Test
    void quantilesInterpolateBetweenNeighbours() {
        PairedRatios r = PairedRatios.of(new double[] {1, 2, 3, 4}, new double[] {1, 1, 1, 1});
        assertEquals(2.5, r.median(), 1e-12);
        assertEquals(1.0, r.quantile(0), 1e-12);
        assertEquals(4.0, r.quantile(1), 1e-12);
        assertEquals(1.3, r.quantile(0.1), 1e-12);
    }

    @Test
    void theMedianIntervalHoldsTheMedianAndNarrowsWithMorePairs() {
        double[] few = new double[9];
        double[] many = new double[81];
        Random random = new Random(7);
        for (int i = 0; i < many.length; i++) many[i] = 0.84 + 0.05 * random.nextGaussian();
        System.arraycopy(many, 0, few, 0, few.length);
        double[] ones9 = Arrays.stream(few).map(x -> 1).toArray();
        double[] ones81 = Arrays.stream(many).map(x -> 1).toArray();
        PairedRatios small = PairedRatios.of(few, ones9);
        PairedRatios large = PairedRatios.of(many, ones81);
        double[] smallInterval = small.medianInterval(0.95, 2000, 1);
        double[] largeInterval = large.medianInterval(0.95, 2000, 1);
        for (double[] interval : new double[][] {smallInterval, largeInterval}) assertTrue(interval[0] <= interval[1]);
        assertTrue(largeInterval[0] <= large.median() && large.median() <= largeInterval[1]);
        assertTrue(largeInterval[1] - largeInterval[0] < smallInterval[1] - smallInterval[0],
                "81 pairs pin the median closer than 9: " + Arrays.toString(largeInterval) + " against "
                        + Arrays.toString(smallInterval));
        // 81 draws around 0.84 with a spread of 0.05: the median is known to about +-0.015.
        assertTrue(largeInterval[0] > 0.80 && largeInterval[1] < 0.88, Arrays.toString(largeInterval));
        assertArrayEquals(largeInterval, large.medianInterval(0.95, 2000, 1), 0, "seeded: the same interval again");
    }

    @Test
    void badTimingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PairedRatios.of(new double[] {1}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> PairedRatios.of(new double[0], new double[0]));
        assertThrows(IllegalArgumentException.class, () -> PairedRatios.of(new double[] {1}, new double[] {0}));
        assertThrows(IllegalArgumentException.class, () -> PairedRatios.of(new double[] {Double.NaN}, new double[] {1}));
    }
}
