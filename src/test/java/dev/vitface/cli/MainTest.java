package dev.vitface.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {
    /** A command that runs out of memory part-way. */
    private static final class Exhausting implements Command {
        @Override
        public String name() {
            return "classify";
        }

        @Override
        public String summary() {
            return "runs out of memory";
        }

        @Override
        public String usage() {
            return "Usage: vitface classify";
        }

        @Override
        public int run(List<String> argv, PrintStream out, PrintStream err) {
            out.println("a.jpg  perceived age 20-29");
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Test
    void outOfMemoryStopsTheRunWithAClearMessageAndExitCode1() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"classify", "faces/"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("classify", new Exhausting()));
        assertEquals(ExitCodes.FAILURE, code);
        assertEquals("vitface classify: out of memory (Java heap space); the run was stopped. Give Java more heap "
                + "(e.g. VITFACE_JAVA_OPTS=-Xmx16g) or ask for less at once (a smaller --batch, a lower --pixel-limit)"
                + System.lineSeparator(), err.toString(StandardCharsets.UTF_8));
    }
}
