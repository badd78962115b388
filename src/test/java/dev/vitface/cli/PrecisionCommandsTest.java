package dev.vitface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.vitface.Fixtures;
import dev.vitface.backend.dnnl.Bf16Support;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --precision on verify and bench: the BF16 criteria and their exit codes, one bench run measuring both. */
class PrecisionCommandsTest {
    private static final String MODEL = Fixtures.tinyModel().toString();
    private static final String GOLDEN = Fixtures.path("tiny/golden.safetensors").toString();

    @Test
    void verifyBf16AppliesTheBf16CriteriaAndExits1WhenTheyFail() {
        assumeTrue(Bf16Support.probe().available(), () -> "no BF16 here: " + Bf16Support.probe().problem());
        CliRunner pass = CliRunner.run("verify", "--model", MODEL, "--golden", GOLDEN, "--precision", "bf16",
                "--strict-precision");
        assertEquals(0, pass.exitCode(), pass.out() + pass.err());
        assertTrue(pass.out().contains("PASS: 7 of 7 criteria hold (bf16)"), pass.out());
        assertTrue(pass.out().contains("logits.race argmax") && pass.out().contains("0 of 3 images differ"),
                "argmax of every image: " + pass.out());
        // --rtol bounds the logits under bf16: far below the BF16 error, they fail.
        CliRunner fail = CliRunner.run("verify", "--model", MODEL, "--golden", GOLDEN, "--precision", "bf16",
                "--rtol", "1e-7");
        assertEquals(1, fail.exitCode(), fail.out());
        assertTrue(fail.out().contains("logits.age max abs / max |logit|") && fail.out().contains("FAIL"), fail.out());
    }

    @Test
    void fp32CriteriaStayTheDefault() {
        // The FP32 bound is far below BF16's errors: the fp32 path must still meet it.
        CliRunner r = CliRunner.run("verify", "--model", MODEL, "--golden", GOLDEN, "--precision", "fp32", "--atol", "1e-5");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("outputs within atol 1.0e-05"), r.out());
    }

    @Test
    void benchMeasuresEachPrecisionInOneRun() {
        assumeTrue(Bf16Support.probe().available(), () -> "no BF16 here: " + Bf16Support.probe().problem());
        CliRunner r = CliRunner.run("bench", "--model", MODEL, "--precision", "fp32,bf16", "--batch", "1,2",
                "--iters", "1", "--warmup", "0", "--warmup-seconds", "0", "--threads", "2", "--format", "json");
        assertEquals(0, r.exitCode(), r.err());
        JsonArray rows = JsonParser.parseString(r.out()).getAsJsonArray();
        List<String> seen = new ArrayList<>();
        for (JsonElement e : rows) {
            var o = e.getAsJsonObject();
            seen.add(o.get("precision").getAsString() + "/" + o.get("batch").getAsInt());
            assertTrue(o.get("images_per_second").getAsDouble() > 0, o.toString());
            assertTrue(o.has("gflops") && o.has("sgemm_gflops") && o.has("backend_description"), o.toString());
        }
        assertEquals(List.of("fp32/1", "fp32/2", "bf16/1", "bf16/2"), seen);
        assertTrue(rows.get(2).getAsJsonObject().get("backend_description").getAsString().contains("ISA "), r.out());
    }

    @Test
    void usageErrorsExit2() {
        assertEquals(2, CliRunner.run("verify", "--model", MODEL, "--golden", GOLDEN, "--precision", "fp16").exitCode());
        assertEquals(2, CliRunner.run("verify", "--model", MODEL, "--golden", GOLDEN, "--rtol", "-1").exitCode());
        assertEquals(2, CliRunner.run("bench", "--model", MODEL, "--precision", "fp32,int8").exitCode());
        assertEquals(2, CliRunner.run("classify", "--precision", "half", "x.png").exitCode());
    }
}
