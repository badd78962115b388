package dev.vitface.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServeMetricsTest {
    @Test
    void batchBucketsAreExactUpToSixteenThenDouble() {
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, ServeMetrics.batchBounds(8));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 32, 64},
                ServeMetrics.batchBounds(40));
    }

    @Test
    void histogramsAreCumulativeWithSumAndCount() {
        ServeMetrics metrics = new ServeMetrics(4, () -> 3);
        metrics.batch(1);
        metrics.batch(4);
        metrics.batch(4);
        metrics.request(200, 0.02);
        metrics.request(503, 0.001);
        String text = metrics.exposition();
        for (String line : new String[] {"vitface_batch_size_bucket{le=\"1\"} 1\n", "vitface_batch_size_bucket{le=\"3\"} 1\n",
                "vitface_batch_size_bucket{le=\"4\"} 3\n", "vitface_batch_size_bucket{le=\"+Inf\"} 3\n",
                "vitface_batch_size_sum 9\n", "vitface_batch_size_count 3\n", "vitface_faces_total 9\n",
                "vitface_requests_total{code=\"200\"} 1\n", "vitface_requests_total{code=\"503\"} 1\n",
                "vitface_request_seconds_bucket{le=\"0.005\"} 1\n", "vitface_request_seconds_bucket{le=\"0.025\"} 2\n",
                "vitface_request_seconds_count 2\n", "vitface_queue_depth 3\n"}) {
            assertTrue(text.contains(line), "missing " + line + " in\n" + text);
        }
    }
}
