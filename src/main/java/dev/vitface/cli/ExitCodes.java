package dev.vitface.cli;

/** Exit codes shared by every command. */
public final class ExitCodes {
    public static final int SUCCESS = 0;
    /** A runtime or input error: a bad file, a failed check, a model that does not load. */
    public static final int FAILURE = 1;
    /** The command line itself is wrong. */
    public static final int USAGE = 2;

    private ExitCodes() {}
}
