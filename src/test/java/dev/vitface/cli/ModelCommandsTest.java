package dev.vitface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vitface.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** inspect, verify and synth through the command line, exit codes included. */
class ModelCommandsTest {

    @Test
    void inspectDescribesTheTinyModel() {
        CliRunner r = CliRunner.run("inspect", Fixtures.tinyModel().toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("hidden 64, intermediate 256, layers 2, heads 4 x 16, patch 14, image 56"), r.out());
        assertTrue(r.out().contains("key prefix:    vision_model."), r.out());
        assertTrue(r.out().contains("problems:      none"), r.out());
        assertTrue(r.out().contains("[0-2, 10-19, 20-29, 3-9, 30-39"), r.out());
    }

    @Test
    void inspectJsonOnABareFileInfersTheArchitecture(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("weights.safetensors");
        Files.copy(Fixtures.path("tiny/model.safetensors"), file);
        CliRunner r = CliRunner.run("inspect", file.toString(), "--json");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("\"config_source\": \"inferred from tensor shapes\""), r.out());
        assertTrue(r.out().contains("\"image_size\": 56"), r.out());
        assertTrue(r.out().contains("\"problems\": []"), r.out());
    }

    @Test
    void inspectListsEveryProblemAndExits1(@TempDir Path dir) throws IOException {
        for (String f : new String[] {"config.json", "model.safetensors"}) Files.copy(Fixtures.tinyModel().resolve(f), dir.resolve(f));
        // Claim three layers: layer 2 is missing entirely.
        Files.writeString(dir.resolve("config.json"),
                Files.readString(dir.resolve("config.json")).replace("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 3"));
        Files.writeString(dir.resolve("labels.json"),
                "{\"age\": [\"young\", \"old\"], \"gender\": [\"Female\", \"Male\"], \"race\": [\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\"]}");
        CliRunner r = CliRunner.run("inspect", dir.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.out().contains("missing tensor 'vision_model.encoder.layers.2.layer_norm1.weight'"), r.out());
        assertTrue(r.out().contains("age_head.weight has 9 outputs but labels.json lists 2 age labels"), r.out());
    }

    @Test
    void verifyPassesOnTheTinyGoldenAndFailsWithATinyTolerance() {
        String model = Fixtures.tinyModel().toString();
        String golden = Fixtures.path("tiny/golden.safetensors").toString();
        CliRunner pass = CliRunner.run("verify", "--model", model, "--golden", golden, "--backend", "cpu");
        assertEquals(0, pass.exitCode(), pass.out() + pass.err());
        assertTrue(pass.out().contains("PASS: 7 of 7 outputs within atol 1.0e-04"), pass.out());
        CliRunner fail = CliRunner.run("verify", "--model", model, "--golden", golden, "--atol", "1e-12");
        assertEquals(1, fail.exitCode(), fail.out());
        assertTrue(fail.out().contains("FAIL"), fail.out());
    }

    @Test
    void synthWritesALoadableModelThatMatchesTheTinyFixture(@TempDir Path dir) throws IOException {
        // The tiny fixture was made with the same recipe: synth must reproduce its weights byte for byte.
        Path out = dir.resolve("tiny");
        CliRunner r = CliRunner.run("synth", "--config", Fixtures.tinyModel().resolve("config.json").toString(),
                "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        CliRunner verify = CliRunner.run("verify", "--model", out.toString(), "--golden",
                Fixtures.path("tiny/golden.safetensors").toString(), "--atol", "1e-5");
        assertEquals(0, verify.exitCode(), verify.out() + verify.err());
    }

    @Test
    void usageErrorsExit2() {
        assertEquals(2, CliRunner.run("verify", "--model").exitCode());
        assertEquals(2, CliRunner.run("verify", "--golden", "x").exitCode());
        assertEquals(2, CliRunner.run("verify", "--model", "a", "--golden", "b", "--backend", "gpu").exitCode());
        assertEquals(2, CliRunner.run("inspect").exitCode());
        assertEquals(2, CliRunner.run("no-such-command").exitCode());
        assertEquals(2, CliRunner.run("synth", "--bogus", "1").exitCode());
        assertEquals(0, CliRunner.run("--help").exitCode());
    }

    @Test
    void cudaWithoutAGpuExits1WithTheReason() {
        org.junit.jupiter.api.Assumptions.assumeFalse(dev.vitface.backend.cuda.CudaAvailability.probe().available());
        CliRunner r = CliRunner.run("verify", "--model", Fixtures.tinyModel().toString(), "--golden",
                Fixtures.path("tiny/golden.safetensors").toString(), "--backend", "cuda");
        assertEquals(1, r.exitCode(), r.out());
        assertTrue(r.err().contains("vitface verify:"), r.err());
    }

    @Test
    void missingModelIsARuntimeErrorNamingThePath(@TempDir Path dir) {
        CliRunner r = CliRunner.run("verify", "--model", dir.resolve("nope").toString(), "--golden",
                Fixtures.path("tiny/golden.safetensors").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("nope"), r.err());
    }
}
