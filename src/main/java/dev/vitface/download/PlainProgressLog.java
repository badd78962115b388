package dev.vitface.download;

import java.io.PrintStream;

/** For logs and pipes: a line when a file starts, at every tenth of it, and when it ends. */
final class PlainProgressLog implements Progress {
    private final PrintStream err;
    private String file;
    private long total;
    private int lastTenth;

    PlainProgressLog(PrintStream err) {
        this.err = err;
    }

    @Override
    public void begin(String file, long alreadyHave, long total) {
        this.file = file;
        this.total = total;
        this.lastTenth = tenth(alreadyHave);
        err.println(alreadyHave == 0
                ? file + ": downloading " + Progress.size(total)
                : file + ": resuming at " + Progress.size(alreadyHave) + " of " + Progress.size(total));
    }

    @Override
    public void advance(long have) {
        int tenth = tenth(have);
        if (tenth > lastTenth && tenth < 10) {
            lastTenth = tenth;
            err.println(file + ": " + tenth * 10 + "% (" + Progress.size(have) + " of " + Progress.size(total) + ")");
        }
    }

    @Override
    public void end() {
        err.println(file + ": received " + Progress.size(total));
    }

    @Override
    public void stopped(String note) {
        err.println(note);
    }

    private int tenth(long have) {
        return total == 0 ? 10 : (int) (10.0 * have / total);
    }
}
