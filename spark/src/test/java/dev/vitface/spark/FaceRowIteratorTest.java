package dev.vitface.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.vitface.FaceAttributes;
import dev.vitface.preprocess.ImageDecoder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** Error rows of a partition, without Spark: a failure without a message never reads "null". */
class FaceRowIteratorTest {
    private static final Supplier<FaceAttributes> NO_MODEL = () -> {
        throw new AssertionError("no face reaches the model in these tests");
    };

    private static List<String> errors(FaceSource faces) throws Exception {
        byte[] png = Files.readAllBytes(TestSpark.resource("images/synthetic_70x50.png"));
        FaceRowIterator rows = new FaceRowIterator(List.of(RowFactory.create("a.png", png)).iterator(), ImageDecoder.defaults(),
                faces, NO_MODEL, 4, TestSpark.TINY_SHA256);
        List<String> errors = new ArrayList<>();
        rows.forEachRemaining(r -> errors.add(r.getString(3)));
        return errors;
    }

    @Test
    void aFaceSourceFailingWithoutAMessageGivesAnErrorRowNamingTheException() throws Exception {
        List<String> plain = errors(image -> {
            throw new IllegalStateException();
        });
        assertEquals(List.of("IllegalStateException"), plain);
        List<String> wrapped = errors(image -> {
            throw new IllegalStateException(null, new ArithmeticException());
        });
        assertEquals(List.of("IllegalStateException: ArithmeticException"), wrapped);
        List<String> withCause = errors(image -> {
            throw new IllegalStateException(null, new ArithmeticException("/ by zero"));
        });
        assertEquals(List.of("IllegalStateException: / by zero"), withCause);
        for (String e : List.of(plain.getFirst(), wrapped.getFirst(), withCause.getFirst())) assertFalse(e.contains("null"), e);
    }
}
