package dev.vitface.download;

import java.io.PrintStream;

/** One line redrawn in place ({@code \r}) at most ten times a second: bar, percentage, size, speed. */
final class TerminalProgressBar implements Progress {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream err;
    private String file;
    private long total;
    private long startBytes;
    private long startNanos;
    private long lastDrawNanos;

    TerminalProgressBar(PrintStream err) {
        this.err = err;
    }

    @Override
    public void begin(String file, long alreadyHave, long total) {
        this.file = file;
        this.total = total;
        this.startBytes = alreadyHave;
        this.startNanos = System.nanoTime();
        draw(alreadyHave);
    }

    @Override
    public void advance(long have) {
        long now = System.nanoTime();
        if (now - lastDrawNanos >= REDRAW_NANOS) draw(have);
    }

    @Override
    public void end() {
        draw(total);
        err.println();
    }

    /** Leaves the bar where it stopped and says why on the next line. */
    @Override
    public void stopped(String note) {
        err.println();
        err.println(note);
    }

    private void draw(long have) {
        lastDrawNanos = System.nanoTime();
        double fraction = total == 0 ? 1 : (double) have / total;
        int filled = (int) (fraction * WIDTH);
        double seconds = (lastDrawNanos - startNanos) / 1e9;
        String speed = seconds > 0.5 ? "  " + Progress.size((long) ((have - startBytes) / seconds)) + "/s" : "";
        err.print("\r" + file + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                + String.format("%3d%%", (int) (fraction * 100)) + "  " + Progress.size(have) + " / "
                + Progress.size(total) + speed + "   ");
        err.flush();
    }
}
