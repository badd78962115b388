package dev.vitface.download;

import java.io.PrintStream;

/** Reports one file's transfer. {@link #forStream} picks a live bar for a terminal, plain lines otherwise. */
public interface Progress {
    /**
     * @param alreadyHave bytes kept from an earlier, interrupted run
     * @param total       the file's full size
     */
    void begin(String file, long alreadyHave, long total);

    /** Called often; implementations throttle their output. */
    void advance(long have);

    void end();

    /** The transfer stopped before its end; {@code note} says why and what happens next. */
    void stopped(String note);

    static Progress forStream(PrintStream err, boolean terminal) {
        return terminal ? new TerminalProgressBar(err) : new PlainProgressLog(err);
    }

    /** Sizes as people read them: 512 B, 27.1 kB, 1.21 GB (decimal units, as the Hub shows them). */
    static String size(long bytes) {
        if (bytes < 1000) return bytes + " B";
        String[] units = {"kB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format("%.1f %s", value, units[unit]);
    }
}
