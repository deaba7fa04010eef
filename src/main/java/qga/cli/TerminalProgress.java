package qga.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import qga.guest.FileCopy;

/**
 * qga cp's progress bar on a terminal: percentage, bytes, elapsed and remaining time and rate,
 * drawn on stderr by me.tongfei's progressbar. Only {@link #on} refers to this class, so runs
 * that draw no bar never load the library. The bar is given its width: left to find it, the
 * library opens a JLine terminal, which sets Ctrl-C back to killing the JVM on the spot, before
 * the copy could close its handle in the guest.
 */
final class TerminalProgress implements FileCopy.Progress {
    private static final int REFRESH_MILLIS = 200;

    private final PrintStream err;
    private final String label;
    private final int width;
    private ProgressBar bar;

    private TerminalProgress(PrintStream err, String label, int width) {
        this.err = err;
        this.label = label;
        this.width = width;
    }

    /** A bar labelled label (made safe for the terminal by the caller) width columns wide. */
    static FileCopy.Progress on(PrintStream err, String label, int width) {
        return new TerminalProgress(err, label, width);
    }

    @Override
    public void started(long total) {
        String unit = total >= 1 << 20 || total < 0 ? "MiB" : total >= 1 << 10 ? "KiB" : "B";
        long unitSize = unit.equals("MiB") ? 1 << 20 : unit.equals("KiB") ? 1 << 10 : 1;
        bar = new ProgressBarBuilder().setTaskName(label).setInitialMax(total).setUnit(" " + unit, unitSize).showSpeed()
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(REFRESH_MILLIS)
                .setConsumer(new ConsoleProgressBarConsumer(err, width - 1)).build();
    }

    @Override
    public void advanced(long done) {
        bar.stepTo(done);
    }

    @Override
    public void ended(boolean complete) {
        if (bar != null) {
            bar.close();
        }
    }
}
