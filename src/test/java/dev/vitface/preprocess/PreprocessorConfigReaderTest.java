package dev.vitface.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreprocessorConfigReaderTest {

    @Test
    void readsTheTinyModelsConfig() throws PreprocessorConfigException {
        PreprocessorSettings read = PreprocessorConfigReader.read(Fixtures.path("tiny"));
        assertSameSettings(PreprocessorSettings.clipDefaults(56), read);
    }

    @Test
    void readsTheOldSpelling() throws PreprocessorConfigException {
        String old = """
                {"crop_size": 224, "do_center_crop": true, "do_normalize": true, "do_resize": true,
                 "feature_extractor_type": "CLIPFeatureExtractor",
                 "image_mean": [0.48145466, 0.4578275, 0.40821073],
                 "image_std": [0.26862954, 0.26130258, 0.27577711], "resample": 3, "size": 224}""";
        assertSameSettings(PreprocessorSettings.clipDefaults(224), PreprocessorConfigReader.parse(old, "old.json"));
    }

    @Test
    void absentKeysTakeClipDefaults() throws PreprocessorConfigException {
        assertSameSettings(PreprocessorSettings.clipDefaults(224), PreprocessorConfigReader.parse("{}", "empty.json"));
    }

    @Test
    void readsFlagsNonSquareCropsAndScalarMeans() throws PreprocessorConfigException {
        PreprocessorSettings s = PreprocessorConfigReader.parse("""
                {"size": {"shortest_edge": 336}, "crop_size": {"height": 320, "width": 300},
                 "do_normalize": false, "do_rescale": true, "rescale_factor": 0.5, "image_mean": 0.5, "image_std": [1, 2, 3]}""",
                "custom.json");
        assertEquals(336, s.shortestEdge());
        assertEquals(320, s.cropHeight());
        assertEquals(300, s.cropWidth());
        assertFalse(s.doNormalize());
        assertEquals(0.5, s.rescaleFactor());
        assertArrayEquals(new double[] {0.5, 0.5, 0.5}, s.imageMean());
        assertArrayEquals(new double[] {1, 2, 3}, s.imageStd());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"224", "224.0", "2.24e2", "22400e-2"})
    void aWholeNumberMayBeWrittenAnyWay(String size) throws PreprocessorConfigException {
        assertEquals(224, PreprocessorConfigReader.parse("{\"size\": " + size + "}", "size.json").shortestEdge());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"resample\": 2}                                   | \"resample\" is 2; only 3 (bicubic) is supported",
        "{\"size\": {\"height\": 224, \"width\": 224}}       | \"size\" must be a number or {\"shortest_edge\": n}",
        "{\"size\": 224.5}                                   | \"size\" must be a whole number",
        "{\"size\": 1e10}                                     | \"size\" must be a whole number",
        "{\"crop_size\": {\"height\": 224}}                  | \"crop_size\" must be a number or {\"height\": h, \"width\": w}",
        "{\"do_resize\": \"yes\"}                            | \"do_resize\" must be true or false",
        "{\"image_mean\": [0.5, 0.5]}                        | \"image_mean\" must be a number or a list of 3 numbers",
        "{\"image_std\": [1, 0, 1]}                          | image std must not be 0",
        "{\"size\": 0}                                       | shortest edge must be positive",
        "{\"size\": 224,}                                    | not valid JSON",
        "{\"size\": 224} {}                                  | not valid JSON",
        "[224]                                               | not a JSON object"})
    void rejectsWhatItCannotHonour(String json, String problem) {
        PreprocessorConfigException e = assertThrows(PreprocessorConfigException.class,
                () -> PreprocessorConfigReader.parse(json, "bad.json"));
        assertTrue(e.getMessage().startsWith("bad.json: "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), "expected '" + problem + "' in: " + e.getMessage());
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        PreprocessorConfigException e = assertThrows(PreprocessorConfigException.class, () -> PreprocessorConfigReader.read(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("preprocessor_config.json") + ": cannot read"), e.getMessage());
    }

    private static void assertSameSettings(PreprocessorSettings expected, PreprocessorSettings actual) {
        assertEquals(expected.doResize(), actual.doResize(), "do_resize");
        assertEquals(expected.shortestEdge(), actual.shortestEdge(), "shortest_edge");
        assertEquals(expected.doCenterCrop(), actual.doCenterCrop(), "do_center_crop");
        assertEquals(expected.cropHeight(), actual.cropHeight(), "crop height");
        assertEquals(expected.cropWidth(), actual.cropWidth(), "crop width");
        assertEquals(expected.doRescale(), actual.doRescale(), "do_rescale");
        assertEquals(expected.rescaleFactor(), actual.rescaleFactor(), "rescale_factor");
        assertEquals(expected.doNormalize(), actual.doNormalize(), "do_normalize");
        assertArrayEquals(expected.imageMean(), actual.imageMean(), "image_mean");
        assertArrayEquals(expected.imageStd(), actual.imageStd(), "image_std");
    }
}
