package dev.vitface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {
    @Test
    void helpListsTheOptionsAndTheResponsibleUseNotice() {
        CliRunner r = CliRunner.run("serve", "--help");
        assertEquals(0, r.exitCode());
        for (String option : new String[] {"--host", "--port", "--max-batch", "--max-delay-ms", "--queue", "--max-bytes",
                "--token", "--backend", "--precision", "--threads", "Responsible use"}) {
            assertTrue(r.out().contains(option), "help lacks " + option);
        }
        assertTrue(CliRunner.run("--help").out().contains("serve"), "listed among the commands");
    }

    @Test
    void sizesTakeDecimalAndBinaryUnits() {
        assertEquals(20_000_000, ServeCommand.bytes("20MB"));
        assertEquals(512_000, ServeCommand.bytes("512kb"));
        assertEquals(1 << 20, ServeCommand.bytes("1MiB"));
        assertEquals(1234, ServeCommand.bytes("1234"));
        assertThrows(UsageException.class, () -> ServeCommand.bytes("20 megs"));
        assertThrows(UsageException.class, () -> ServeCommand.bytes("0"));
        assertThrows(UsageException.class, () -> ServeCommand.bytes("99999999999GB"));
    }

    @Test
    void badArgumentsAreUsageErrorsAndAMissingModelIsAFailure(@TempDir Path dir) {
        CliRunner badPort = CliRunner.run("serve", "--port", "70000");
        assertEquals(ExitCodes.USAGE, badPort.exitCode());
        assertTrue(badPort.err().contains("--port must be between 0 and 65535"), badPort.err());
        assertEquals(ExitCodes.USAGE, CliRunner.run("serve", "--max-bytes", "lots").exitCode());
        assertEquals(ExitCodes.USAGE, CliRunner.run("serve", "--token", " ").exitCode());
        CliRunner noModel = CliRunner.run("serve", "--model", dir.resolve("absent").toString(), "--port", "0");
        assertEquals(ExitCodes.FAILURE, noModel.exitCode());
        assertTrue(noModel.err().contains("no model at"), noModel.err());
    }
}
