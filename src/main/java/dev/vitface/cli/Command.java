package dev.vitface.cli;

import java.io.PrintStream;
import java.util.List;

/** One CLI sub-command. Returns the process exit code (see {@link ExitCodes}). */
public interface Command {
    String name();

    /** One line for the command list in {@code vitface --help}. */
    String summary();

    /** Full help: usage line and options. */
    String usage();

    /**
     * Runs the command on its arguments (after the command name); parse them with
     * {@link Args#parse}. Throws {@link UsageException} for bad arguments (exit 2); any other
     * failure should be reported on {@code err} and returned as {@link ExitCodes#FAILURE}.
     */
    int run(List<String> argv, PrintStream out, PrintStream err) throws Exception;
}
