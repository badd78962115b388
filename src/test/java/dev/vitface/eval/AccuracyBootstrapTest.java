package dev.vitface.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AccuracyBootstrapTest {
    @Test
    void theSameSeedAndNameGiveTheSameInterval() {
        assertEquals(new AccuracyBootstrap(1000, 7).interval(150, 200, "age"),
                new AccuracyBootstrap(1000, 7).interval(150, 200, "age"));
    }

    @Test
    void theSeedAndTheNameEachSelectTheStream() {
        ConfidenceInterval reference = new AccuracyBootstrap(1000, 7).interval(150, 200, "age");
        assertNotEquals(reference, new AccuracyBootstrap(1000, 8).interval(150, 200, "age"));
        assertNotEquals(reference, new AccuracyBootstrap(1000, 7).interval(150, 200, "gender"));
    }

    @Test
    void unanimousGroupsHaveAPointInterval() {
        AccuracyBootstrap bootstrap = new AccuracyBootstrap(200, 1);
        assertEquals(new ConfidenceInterval(1, 1), bootstrap.interval(1, 1, "one face, right"));
        assertEquals(new ConfidenceInterval(0, 0), bootstrap.interval(0, 1, "one face, wrong"));
        assertEquals(new ConfidenceInterval(1, 1), bootstrap.interval(50, 50, "all right"));
    }

    /**
     * For 1,400 of 2,000 right the bootstrap distribution is Binomial(2000, 0.7)/2000, whose 95 %
     * interval is 0.7 ± 1.96·sqrt(0.21/2000) = 0.7 ± 0.0201. With 4,000 resamples the percentile
     * ends land within a few thousandths of that.
     */
    @Test
    void intervalMatchesTheBinomialWidth() {
        ConfidenceInterval interval = new AccuracyBootstrap(4000, 3).interval(1400, 2000, "wide");
        double halfWidth = 1.96 * Math.sqrt(0.7 * 0.3 / 2000);
        assertEquals(0.7 - halfWidth, interval.low(), 0.003);
        assertEquals(0.7 + halfWidth, interval.high(), 0.003);
    }

    @Test
    void percentileInterpolatesLinearlyAsNumpy() {
        double[] sorted = {1, 2, 3, 4};
        assertEquals(1.075, AccuracyBootstrap.percentile(sorted, 0.025), 1e-12); // np.percentile(…, 2.5)
        assertEquals(3.925, AccuracyBootstrap.percentile(sorted, 0.975), 1e-12);
        assertEquals(5.0, AccuracyBootstrap.percentile(new double[] {5}, 0.975));
    }

    @Test
    void rejectsImpossibleCounts() {
        AccuracyBootstrap bootstrap = new AccuracyBootstrap(10, 1);
        assertThrows(IllegalArgumentException.class, () -> bootstrap.interval(3, 2, "x"));
        assertThrows(IllegalArgumentException.class, () -> bootstrap.interval(0, 0, "x"));
        assertThrows(IllegalArgumentException.class, () -> new AccuracyBootstrap(0, 1));
    }
}
