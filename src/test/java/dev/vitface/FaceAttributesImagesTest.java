package dev.vitface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vitface.classify.FacePrediction;
import dev.vitface.preprocess.ImageDecoder;
import dev.vitface.preprocess.RgbImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link FaceAttributes#classifyImages} and {@link FaceAttributes#classifyPixelValues}: decoded crops in, predictions in order. */
class FaceAttributesImagesTest {
    private static final List<String> IMAGES = List.of("astronaut.png", "chelsea.png", "synthetic_70x50.png");

    @Test
    void decodedImagesGetWhatTheirFilesGetInOrderOverSeveralPasses() throws IOException {
        try (FaceAttributes model = FaceAttributes.load(Fixtures.tinyModel(),
                FaceAttributes.Options.defaults().withBackend("java").withBatchSize(2))) {
            List<RgbImage> images = new ArrayList<>();
            List<FacePrediction> expected = new ArrayList<>();
            for (String name : IMAGES) {
                images.add(ImageDecoder.defaults().decode(Fixtures.path("tiny/" + name)));
                expected.add(model.classify(Fixtures.path("tiny/" + name)));
            }
            images.add(images.getFirst());
            expected.add(expected.getFirst());
            assertEquals(expected, model.classifyImages(images), "4 faces in passes of 2 and 2");
            assertEquals(List.of(), model.classifyPixelValues(List.of()));
            float[] pixels = model.pixelValues(images.getFirst());
            assertThrows(IllegalArgumentException.class,
                    () -> model.classifyPixelValues(List.of(pixels, new float[pixels.length - 1])));
        }
    }
}
