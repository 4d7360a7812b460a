package io.runstore.server.cli;

import io.runstore.command.kfpimport.KfpImport;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Shows an import's progress: on a terminal one line redrawn in place with a bar, elsewhere (a log, a pipe) a plain
 * line at most every {@link #PLAIN_EVERY}, and always a last line when it is done.
 */
final class ImportProgress implements Consumer<KfpImport.Progress> {

    static final Duration PLAIN_EVERY = Duration.ofSeconds(10);
    private static final int BAR = 30;

    private final PrintWriter out;
    private final boolean terminal;
    private long lastPlainNanos = Long.MIN_VALUE;

    ImportProgress(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Redraws in place when the process writes to a terminal. */
    static ImportProgress on(PrintWriter out) {
        return new ImportProgress(out, System.console() != null);
    }

    @Override
    public void accept(KfpImport.Progress progress) {
        if (terminal) {
            out.print("\r" + bar(progress) + " " + line(progress));
            out.flush();
            return;
        }
        long now = System.nanoTime();
        if (progress.runsRead() >= progress.runsTotal()) {
            return; // the last page: done() says it
        }
        if (lastPlainNanos == Long.MIN_VALUE || now - lastPlainNanos >= PLAIN_EVERY.toNanos()) {
            lastPlainNanos = now;
            out.println(line(progress));
            out.flush();
        }
    }

    /** The last line of a pass, whatever was shown before. */
    void done(String what, KfpImport.Progress progress) {
        if (terminal) {
            out.println();
        }
        out.println(what + ": " + line(progress));
        out.flush();
        lastPlainNanos = Long.MIN_VALUE;
    }

    static String line(KfpImport.Progress progress) {
        long seconds = progress.elapsed().toSeconds();
        String eta = progress.runsPerSecond() <= 0 || progress.runsRead() >= progress.runsTotal() ? "-"
                : Duration.ofSeconds((long) ((progress.runsTotal() - progress.runsRead()) / progress.runsPerSecond()))
                        .toString().substring(2).toLowerCase();
        return String.format("%d/%d runs read, %d with new events, %d experiments with new events, %d events "
                        + "appended, %.1f runs/s, %ds elapsed, eta %s",
                progress.runsRead(), progress.runsTotal(), progress.runsChanged(), progress.experimentsChanged(),
                progress.events(),
                progress.runsPerSecond(), seconds, eta);
    }

    private static String bar(KfpImport.Progress progress) {
        int filled = progress.runsTotal() == 0 ? BAR : (int) (BAR * progress.runsRead() / progress.runsTotal());
        return "[" + "#".repeat(Math.min(BAR, filled)) + " ".repeat(Math.max(0, BAR - filled)) + "]";
    }
}
