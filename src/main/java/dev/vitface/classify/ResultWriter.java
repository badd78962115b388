package dev.vitface.classify;

import java.io.PrintStream;

/** Prints results in one {@link ResultFormat}: {@link #begin()}, {@link #write} per input, {@link #end}. */
public abstract class ResultWriter {
    protected final PrintStream out;

    protected ResultWriter(PrintStream out) {
        this.out = out;
    }

    public void begin() {}

    public abstract void write(ClassificationResult result);

    /** Called once after the last result, with the number of inputs that failed. */
    public void end(int total, int failed) {
        out.flush();
    }
}
