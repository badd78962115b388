package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.FaceAttributes;
import dev.vitface.classify.FacePrediction;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Compiles against the installed vitface artifact and runs the README's example on the tiny model. */
class ConsumerTest {
    @Test
    void classifiesAFaceThroughThePublicApi() throws Exception {
        Path model = Path.of(System.getProperty("tinyModel"));
        try (FaceAttributes faces = FaceAttributes.load(model)) {
            FacePrediction p = faces.classify(model.resolve("astronaut.png"));
            assertEquals(9, p.age().probabilities().size());
            assertEquals(2, p.gender().probabilities().size());
            assertEquals(7, p.race().probabilities().size());
            double sum = p.race().probabilities().values().stream().mapToDouble(Double::doubleValue).sum();
            assertEquals(1.0, sum, 1e-9);
            assertTrue(p.race().probability() > 0 && p.race().probability() <= 1);
        }
    }
}
