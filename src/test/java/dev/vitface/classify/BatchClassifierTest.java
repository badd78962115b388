package dev.vitface.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vitface.model.Labels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchClassifierTest {
    private record Source(String name, Exception failure, Error error) implements ImageSource {
        @Override
        public float[] pixelValues() throws Exception {
            if (error != null) throw error;
            throw failure;
        }
    }

    private static BatchClassifier classifier() {
        BatchClassifier.Model model = (pixels, batch) -> {
            throw new AssertionError("no input decodes here, so the model never runs");
        };
        return new BatchClassifier(model, Labels.fairFace(), 4, 2);
    }

    @Test
    void badInputBecomesAFailureAndTheRunGoesOn() {
        List<ClassificationResult> results = new ArrayList<>();
        classifier().run(List.of(new Source("a.jpg", new IOException("truncated JPEG data"), null),
                new Source("b.jpg", new IllegalArgumentException(), null)), results::add);
        assertEquals(List.of(new ClassificationResult.Failure("a.jpg", "truncated JPEG data"),
                new ClassificationResult.Failure("b.jpg", "IllegalArgumentException")), results);
    }

    @Test
    void outOfMemoryStopsTheRunInsteadOfBecomingAFailure() {
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        List<ClassificationResult> results = new ArrayList<>();
        List<Source> sources = List.of(new Source("a.jpg", null, oom), new Source("b.jpg", new IOException("bad"), null));
        OutOfMemoryError thrown = assertThrows(OutOfMemoryError.class, () -> classifier().run(sources, results::add));
        assertSame(oom, thrown, "the error itself, not a wrapper");
        assertEquals(List.of(), results, "nothing after the error is reported as if the run had gone on");
    }
}
