package dev.vitface.classify;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar with images/s and ETA, redrawn in place on a terminal's stderr. */
public final class ImageProgressBar {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final int total;
    private final long start = System.nanoTime();
    private int done;
    private long lastDraw;

    public ImageProgressBar(PrintStream err, int total) {
        this.err = err;
        this.total = total;
    }

    public void advance() {
        done++;
        long now = System.nanoTime();
        if (done == total || now - lastDraw > 200_000_000L) {
            lastDraw = now;
            draw(now);
        }
    }

    public void finish() {
        err.print("\r" + " ".repeat(WIDTH + 50) + "\r");
        err.flush();
    }

    private void draw(long now) {
        double seconds = (now - start) * 1e-9;
        double rate = seconds > 0 ? done / seconds : 0;
        double eta = rate > 0 ? (total - done) / rate : 0;
        int filled = (int) ((long) WIDTH * done / Math.max(1, total));
        err.printf(Locale.ROOT, "\r[%s%s] %d/%d  %.1f img/s  ETA %s", "#".repeat(filled), ".".repeat(WIDTH - filled), done,
                total, rate, formatSeconds(eta));
        err.flush();
    }

    private static String formatSeconds(double s) {
        long t = Math.round(s);
        return t >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, t / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
    }
}
